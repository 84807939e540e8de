/**
 * ACL users, as Redis 7.0 keeps them (without selectors): each user has an on/off switch, SHA-256
 * password hashes (or nopass), the set of commands it may run (built from +@category, +command,
 * +container|sub rules over the command table), key patterns with read/write permissions and
 * channel patterns. The dispatcher asks deny() before running a command; a denial is answered with
 * NOPERM and recorded in the ACL log. The default user's password is `requirepass`.
 */
import { createHash } from 'node:crypto';
import { ACL_CATEGORIES, aclCategories, keyPositions, type CommandSpec } from '../commands/table';
import { clientInfoLine } from '../commands/server-cmds';
import { Err, noPermCommand } from '../protocol/errors';
import { globMatch } from '../util/glob';
import type { Client } from './client';
import type { Server } from './server';

const READ = 1;
const WRITE = 2;

export interface KeyPattern {
  pattern: string;
  /** READ | WRITE. */
  flags: number;
}

/** Redis's ACLSetUserStringError texts, by the errno Redis uses internally. */
const RULE_ERRORS = {
  unknown: 'Unknown command or category name in ACL',
  syntax: 'Syntax error',
  keysAfterAll:
    "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
  channelsAfterAll:
    "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
  noSuchPassword: 'The password you are trying to remove from the user does not exist',
  badHash:
    'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters',
  firstArgOfSub: 'Allowing first-arg of a subcommand is not supported',
} as const;

class RuleError extends Error {}

export type DenialReason = 'command' | 'key' | 'channel' | 'auth';

export interface Denial {
  reason: Exclude<DenialReason, 'auth'>;
  /** Index in argv of the key or channel refused (0 for a command). */
  pos: number;
}

export interface AclLogEntry {
  count: number;
  reason: DenialReason;
  context: 'toplevel' | 'multi';
  object: string;
  username: string;
  createdAt: number;
  clientInfo: string;
}

export function hashPassword(pw: string): string {
  return createHash('sha256').update(pw, 'latin1').digest('hex');
}

function hasSpaces(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 32 || ch === 0 || ch === 9 || ch === 10 || ch === 13) return true;
  }
  return false;
}

export class AclUser {
  enabled = false;
  nopass = false;
  /** Shown only once set (Redis 7.0 lists neither flag for a new user). */
  sanitizePayload: '' | 'sanitize-payload' | 'skip-sanitize-payload' = '';
  passwords: string[] = [];
  /** Set by +@all / allcommands: the description starts from +@all (future commands allowed). */
  allCommands = false;
  /** Full names ("get", "config|get") of the commands this user may run. */
  allowed = new Set<string>();
  /** Redis's deprecated first-arg rules (+select|0): first arguments allowed for a blocked command. */
  firstArgs = new Map<string, string[]>();
  allKeys = false;
  keys: KeyPattern[] = [];
  allChannels = false;
  channels: string[] = [];

  constructor(readonly name: string) {}

  clone(): AclUser {
    const u = new AclUser(this.name);
    u.enabled = this.enabled;
    u.nopass = this.nopass;
    u.sanitizePayload = this.sanitizePayload;
    u.passwords = [...this.passwords];
    u.allCommands = this.allCommands;
    u.allowed = new Set(this.allowed);
    for (const [cmd, args] of this.firstArgs) u.firstArgs.set(cmd, [...args]);
    u.allKeys = this.allKeys;
    u.keys = this.keys.map((k) => ({ ...k }));
    u.allChannels = this.allChannels;
    u.channels = [...this.channels];
    return u;
  }
}

export class Acl {
  /** Users by name, kept sorted by name when listed (Redis stores them in a radix tree). */
  readonly users = new Map<string, AclUser>();
  readonly log: AclLogEntry[] = [];
  /** Users that cannot run everything: while zero the dispatcher skips the ACL check. */
  restrictedUsers = 0;
  private readonly commands: CommandSpec[] = [];
  private readonly byName = new Map<string, CommandSpec>();

  constructor(private readonly server: Server) {
    for (const spec of server.commands.all()) {
      this.addCommand(spec);
      for (const sub of spec.subcommands ?? []) this.addCommand(sub);
    }
    const def = new AclUser('default');
    for (const op of ['+@all', '~*', '&*', 'on', 'nopass']) this.apply(def, op);
    this.users.set('default', def);
    this.setDefaultPassword(server.config.get('requirepass'));
    server.config.onChange('requirepass', (pw) => this.setDefaultPassword(pw));
  }

  private addCommand(spec: CommandSpec): void {
    this.commands.push(spec);
    this.byName.set(spec.name, spec);
  }

  /** Redis's ACLUpdateDefaultUserPassword: requirepass replaces the default user's passwords. */
  private setDefaultPassword(pw: string): void {
    const def = this.users.get('default')!;
    this.apply(def, 'resetpass');
    this.apply(def, pw === '' ? 'nopass' : '>' + pw);
  }

  /** New connections are logged in as the default user when it needs no password and is on. */
  defaultUserOpen(): boolean {
    const def = this.users.get('default')!;
    return def.nopass && def.enabled;
  }

  // -----------------------------------------------------------------------------------------------
  // Rules
  // -----------------------------------------------------------------------------------------------

  /**
   * ACL SETUSER: applies the rules to a copy of the user (created if missing) and stores it only if
   * every rule is valid. Returns an error reply text or undefined.
   */
  setUser(name: string, ops: readonly string[]): string | undefined {
    const current = this.users.get(name);
    const u = current ? current.clone() : new AclUser(name);
    if (!current) this.apply(u, 'resetchannels'); // acl-pubsub-default is resetchannels in 7.0
    for (const op of ops) {
      try {
        this.apply(u, op);
      } catch (e) {
        if (!(e instanceof RuleError)) throw e;
        return `ERR Error in ACL SETUSER modifier '${op}': ${e.message}`;
      }
    }
    this.users.set(name, u);
    this.recount();
    return undefined;
  }

  /**
   * Redis's ACLKillPubsubClientsIfNeeded: after a user's channel rules change, its clients subscribed
   * to a channel or pattern it may no longer use are disconnected (the calling client after its reply).
   */
  dropRevokedSubscribers(name: string, caller: Client): void {
    const u = this.users.get(name);
    if (!u || u.allChannels) return;
    const allowed = (ch: string) => u.channels.some((p) => globMatch(p, ch));
    for (const c of this.server.clients.values()) {
      if (c.user !== name || c.subscriptionCount === 0) continue;
      let ok = true;
      for (const ch of c.channels) if (!allowed(ch)) ok = false;
      for (const ch of c.shardChannels) if (!allowed(ch)) ok = false;
      for (const p of c.patterns) if (!u.channels.includes(p)) ok = false;
      if (ok) continue;
      if (c === caller) c.closeAfterReply = true;
      else this.server.freeClient(c);
    }
  }

  deleteUser(name: string): boolean {
    const u = this.users.get(name);
    if (!u) return false;
    this.users.delete(name);
    this.recount();
    return true;
  }

  private recount(): void {
    let n = 0;
    for (const u of this.users.values()) if (!this.unrestricted(u)) n++;
    this.restrictedUsers = n;
  }

  private unrestricted(u: AclUser): boolean {
    return u.allKeys && u.allChannels && u.allowed.size === this.commands.length;
  }

  /** One rule (Redis's ACLSetUser / ACLSetSelector). Throws RuleError with Redis's reason. */
  apply(u: AclUser, op: string): void {
    if (op.length === 0) return;
    const lower = op.toLowerCase();
    switch (lower) {
      case 'on':
        u.enabled = true;
        return;
      case 'off':
        u.enabled = false;
        return;
      case 'skip-sanitize-payload':
      case 'sanitize-payload':
        u.sanitizePayload = lower;
        return;
      case 'nopass':
        u.nopass = true;
        u.passwords = [];
        return;
      case 'resetpass':
        u.nopass = false;
        u.passwords = [];
        return;
      case 'reset':
        for (const r of ['resetpass', 'resetkeys', 'resetchannels', 'off', 'sanitize-payload', '-@all'])
          this.apply(u, r);
        return;
      case 'allkeys':
      case '~*':
        u.allKeys = true;
        u.keys = [];
        return;
      case 'resetkeys':
        u.allKeys = false;
        u.keys = [];
        return;
      case 'allchannels':
      case '&*':
        u.allChannels = true;
        u.channels = [];
        return;
      case 'resetchannels':
        u.allChannels = false;
        u.channels = [];
        return;
      case 'allcommands':
      case '+@all':
        u.allCommands = true;
        u.allowed = new Set(this.byName.keys());
        u.firstArgs.clear();
        return;
      case 'nocommands':
      case '-@all':
        u.allCommands = false;
        u.allowed = new Set();
        u.firstArgs.clear();
        return;
      case 'clearselectors':
        return; // selectors are not supported: there are none to clear
    }
    const first = op[0];
    if (first === '>' || first === '#') {
      let hash: string;
      if (first === '>') hash = hashPassword(op.slice(1));
      else {
        hash = op.slice(1);
        if (!/^[0-9a-f]{64}$/.test(hash)) throw new RuleError(RULE_ERRORS.badHash);
      }
      if (!u.passwords.includes(hash)) u.passwords.push(hash);
      u.nopass = false;
      return;
    }
    if (first === '<' || first === '!') {
      let hash: string;
      if (first === '<') hash = hashPassword(op.slice(1));
      else {
        hash = op.slice(1);
        if (!/^[0-9a-f]{64}$/.test(hash)) throw new RuleError(RULE_ERRORS.badHash);
      }
      const i = u.passwords.indexOf(hash);
      if (i < 0) throw new RuleError(RULE_ERRORS.noSuchPassword);
      u.passwords.splice(i, 1);
      return;
    }
    if (first === '~' || first === '%') {
      if (u.allKeys) throw new RuleError(RULE_ERRORS.keysAfterAll);
      let flags = 0;
      let offset = 1;
      if (first === '%') {
        for (; offset < op.length; offset++) {
          const ch = op[offset].toUpperCase();
          if (ch === 'R' && !(flags & READ)) flags |= READ;
          else if (ch === 'W' && !(flags & WRITE)) flags |= WRITE;
          else if (op[offset] === '~') {
            offset++;
            break;
          } else throw new RuleError(RULE_ERRORS.syntax);
        }
      } else flags = READ | WRITE;
      const pattern = op.slice(offset);
      if (hasSpaces(pattern)) throw new RuleError(RULE_ERRORS.syntax);
      const existing = u.keys.find((k) => k.pattern === pattern);
      if (existing) existing.flags |= flags;
      else u.keys.push({ pattern, flags });
      return;
    }
    if (first === '&') {
      if (u.allChannels) throw new RuleError(RULE_ERRORS.channelsAfterAll);
      const pattern = op.slice(1);
      if (hasSpaces(pattern)) throw new RuleError(RULE_ERRORS.syntax);
      if (!u.channels.includes(pattern)) u.channels.push(pattern);
      return;
    }
    if ((first === '+' || first === '-') && op[1] === '@') {
      const cat = op.slice(2).toLowerCase();
      if (!(ACL_CATEGORIES as readonly string[]).includes(cat)) throw new RuleError(RULE_ERRORS.unknown);
      for (const spec of this.commands)
        if (aclCategories(spec).includes(cat)) this.setPerm(u, spec, first === '+', false);
      return;
    }
    if (first === '+' || first === '-') {
      const name = lower.slice(1);
      const spec = this.byName.get(name);
      if (spec) {
        this.setPerm(u, spec, first === '+', true);
        return;
      }
      const bar = name.lastIndexOf('|');
      if (first === '+' && bar > 0) {
        const parent = this.byName.get(name.slice(0, bar));
        if (!parent) throw new RuleError(RULE_ERRORS.unknown);
        if (parent.name.includes('|')) throw new RuleError(RULE_ERRORS.firstArgOfSub);
        if (bar === name.length - 1) throw new RuleError(RULE_ERRORS.syntax);
        if (parent.subcommands) throw new RuleError(RULE_ERRORS.unknown);
        // Redis's deprecated "first-arg" rule: SELECT blocked except SELECT 0 (as typed, any case).
        const arg = op.slice(bar + 2);
        const args = u.firstArgs.get(parent.name) ?? [];
        if (!args.some((a) => a.toLowerCase() === arg.toLowerCase())) args.push(arg);
        u.firstArgs.set(parent.name, args);
        return;
      }
      throw new RuleError(RULE_ERRORS.unknown);
    }
    // Selectors "(...)" are not supported.
    throw new RuleError(RULE_ERRORS.syntax);
  }

  /** Redis's ACLChangeSelectorPerm: a container's rule covers its subcommands too. */
  private setPerm(u: AclUser, spec: CommandSpec, allow: boolean, withSubs: boolean): void {
    if (allow) u.allowed.add(spec.name);
    else u.allowed.delete(spec.name);
    u.firstArgs.delete(spec.name);
    if (withSubs)
      for (const sub of spec.subcommands ?? []) {
        if (allow) u.allowed.add(sub.name);
        else u.allowed.delete(sub.name);
      }
  }

  // -----------------------------------------------------------------------------------------------
  // Checks
  // -----------------------------------------------------------------------------------------------

  /** Redis's ACLCheckAllUserCommandPerm: the first thing the user may not do, or null. */
  check(u: AclUser, spec: CommandSpec, argv: readonly string[]): Denial | null {
    // AUTH and HELLO (no_auth) are always allowed, as in Redis's ACLSelectorCheckCmd.
    if (!u.allowed.has(spec.name) && !spec.flags.includes('no_auth') && !firstArgAllowed(u, spec, argv))
      return { reason: 'command', pos: 0 };
    // Shard channels are declared as keys in the table but are channels to ACL (Redis's NOT_KEY specs).
    if (!u.allKeys && !SHARD_CHANNEL_COMMANDS.has(spec.name)) {
      const positions = keyPositions(spec, argv);
      if (positions.length > 0) {
        // Key specs with access flags are not in the table: writes need W, everything else R.
        const need = spec.flags.includes('write') ? WRITE : READ;
        for (const pos of positions) {
          const key = argv[pos];
          if (!u.keys.some((k) => (k.flags & need) === need && globMatch(k.pattern, key)))
            return { reason: 'key', pos };
        }
      }
    }
    if (!u.allChannels) {
      const channels = channelArgs(spec.name);
      if (channels !== null) {
        const literal = channels.patterns;
        for (let pos = 1; pos < argv.length && (channels.all || pos === 1); pos++) {
          const ch = argv[pos];
          const ok = literal ? u.channels.includes(ch) : u.channels.some((p) => globMatch(p, ch));
          if (!ok) return { reason: 'channel', pos };
        }
      }
    }
    return null;
  }

  /**
   * The dispatcher's check: the NOPERM reply for a command this client's user may not run (the
   * denial is logged), or null.
   */
  deny(c: Client, spec: CommandSpec, argv: readonly string[]): string | null {
    const u = this.users.get(c.user);
    const denial: Denial | null = u ? this.check(u, spec, argv) : { reason: 'command', pos: 0 };
    if (denial === null) return null;
    const object = denial.reason === 'command' ? spec.name : argv[denial.pos];
    c.lastCommand = spec.name; // as Redis's lookup sets lastcmd before the check (CLIENT LIST cmd=)
    this.addLog(c, denial.reason, object, c.user);
    if (denial.reason === 'command') return noPermCommand(spec.name);
    return denial.reason === 'key' ? Err.noPermKey : Err.noPermChannel;
  }

  /** AUTH/HELLO AUTH: whether the pair logs in; a failure is logged as Redis does. */
  authenticate(c: Client, username: string, password: string, command: string): boolean {
    const u = this.users.get(username);
    if (u && u.enabled && (u.nopass || u.passwords.includes(hashPassword(password)))) return true;
    this.addLog(c, 'auth', command, username);
    return false;
  }

  // -----------------------------------------------------------------------------------------------
  // ACL LOG
  // -----------------------------------------------------------------------------------------------

  private addLog(c: Client, reason: DenialReason, object: string, username: string): void {
    const context = c.inMulti ? 'multi' : 'toplevel';
    const now = Date.now();
    const clientInfo = clientInfoLine(c);
    // Like Redis, a repeat of one of the last ten entries bumps its count and moves it to the top.
    const scan = Math.min(10, this.log.length);
    for (let i = 0; i < scan; i++) {
      const e = this.log[i];
      if (e.reason === reason && e.context === context && e.object === object && e.username === username) {
        e.count++;
        e.createdAt = now;
        e.clientInfo = clientInfo;
        this.log.splice(i, 1);
        this.log.unshift(e);
        return;
      }
    }
    this.log.unshift({ count: 1, reason, context, object, username, createdAt: now, clientInfo });
    const max = this.server.config.num('acllog-max-len');
    if (this.log.length > max) this.log.length = max;
  }

  // -----------------------------------------------------------------------------------------------
  // Descriptions (ACL LIST, GETUSER)
  // -----------------------------------------------------------------------------------------------

  /** Specs of a category (ACL CAT <category>), containers followed by their subcommands. */
  commandsIn(category: string): string[] {
    return this.commands.filter((s) => aclCategories(s).includes(category)).map((s) => s.name);
  }

  /** Redis's ACLDescribeSelectorCommandRules: categories that fit best, then single commands. */
  describeCommands(u: AclUser): string {
    const rules: string[] = [u.allCommands ? '+@all' : '-@all'];
    const additive = !u.allCommands;
    const fake = new Set<string>(additive ? [] : this.byName.keys());
    const temp = new Set(u.allowed);
    const applied = new Set<string>();
    for (;;) {
      let best: string | null = null;
      let mindiff = Number.MAX_SAFE_INTEGER;
      let maxsame = 0;
      for (const cat of ACL_CATEGORIES) {
        if (applied.has(cat)) continue;
        let on = 0;
        let off = 0;
        for (const spec of this.commands) {
          if (!aclCategories(spec).includes(cat)) continue;
          if (temp.has(spec.name)) on++;
          else off++;
        }
        const diff = additive ? off : on;
        const same = additive ? on : off;
        if (same > diff && (diff < mindiff || (diff === mindiff && same > maxsame))) {
          best = cat;
          mindiff = diff;
          maxsame = same;
        }
      }
      if (best === null) break;
      for (const spec of this.commands) {
        if (!aclCategories(spec).includes(best)) continue;
        if (additive) {
          fake.add(spec.name);
          temp.delete(spec.name);
        } else {
          fake.delete(spec.name);
          temp.add(spec.name);
        }
      }
      rules.push((additive ? '+@' : '-@') + best);
      applied.add(best);
    }
    for (const spec of this.commands) {
      const want = u.allowed.has(spec.name);
      if (want !== fake.has(spec.name)) {
        rules.push((want ? '+' : '-') + spec.name);
        for (const name of [spec.name, ...(spec.subcommands ?? []).map((s) => s.name)]) {
          if (want) fake.add(name);
          else fake.delete(name);
        }
      }
      if (!want) for (const arg of u.firstArgs.get(spec.name) ?? []) rules.push(`+${spec.name}|${arg}`);
    }
    return rules.join(' ');
  }

  describeKeys(u: AclUser): string {
    if (u.allKeys) return '~*';
    return u.keys
      .map((k) => (k.flags === (READ | WRITE) ? '~' : k.flags === READ ? '%R~' : '%W~') + k.pattern)
      .join(' ');
  }

  describeChannels(u: AclUser): string {
    if (u.allChannels) return '&*';
    return u.channels.map((ch) => '&' + ch).join(' ');
  }

  flags(u: AclUser): string[] {
    const out = [u.enabled ? 'on' : 'off'];
    if (u.nopass) out.push('nopass');
    if (u.sanitizePayload !== '') out.push(u.sanitizePayload);
    return out;
  }

  /** One ACL LIST line (the ACL file format). */
  describe(u: AclUser): string {
    const parts = ['user', u.name, ...this.flags(u), ...u.passwords.map((p) => '#' + p)];
    const keys = this.describeKeys(u);
    if (keys !== '') parts.push(keys);
    parts.push(u.allChannels ? '&*' : ['resetchannels', this.describeChannels(u)].filter(Boolean).join(' '));
    parts.push(this.describeCommands(u));
    return parts.join(' ');
  }

  sortedUsers(): AclUser[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

function firstArgAllowed(u: AclUser, spec: CommandSpec, argv: readonly string[]): boolean {
  const args = u.firstArgs.get(spec.name);
  if (args === undefined || argv.length < 2) return false;
  const first = argv[1].toLowerCase();
  return args.some((a) => a.toLowerCase() === first);
}

const SHARD_CHANNEL_COMMANDS = new Set(['spublish', 'ssubscribe', 'sunsubscribe']);

/** Which arguments of a pub/sub command are channels (PSUBSCRIBE's patterns must match literally). */
function channelArgs(name: string): { all: boolean; patterns: boolean } | null {
  switch (name) {
    case 'publish':
    case 'spublish':
      return { all: false, patterns: false };
    case 'subscribe':
    case 'ssubscribe':
      return { all: true, patterns: false };
    case 'psubscribe':
      return { all: true, patterns: true };
    default:
      return null;
  }
}
