/**
 * The declarative command table. Each family file describes its commands as data (arity with
 * Redis's sign convention, flags, key positions, ACL categories, docs) next to a tiny handler. The
 * dispatcher enforces arity, authentication, OOM, MULTI and subscribed-mode rules from these
 * descriptions; COMMAND, COMMAND INFO/DOCS/COUNT/GETKEYS and the README table are generated from them.
 */
import type { Client } from '../server/client';

export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'no_mandatory_keys'
  | 'no_multi'
  | 'allow_busy'
  | 'movablekeys';

/** A handler runs synchronously against RAM-resident data and replies through c.reply. */
export type Handler = (c: Client, argv: string[]) => void;

/** Redis's legacy key specification: first key, last key (negative counts from the end), step. */
export interface KeyRange {
  first: number;
  last: number;
  step: number;
}

export interface CommandSpec {
  /** Lower-case name; subcommands are written "container|sub" (e.g. "config|get"). */
  name: string;
  arity: number;
  flags: readonly CommandFlag[];
  keys?: KeyRange;
  /** For commands whose keys cannot be described by a KeyRange (LMPOP, ZUNIONSTORE, ...). */
  getKeys?: (argv: readonly string[]) => number[];
  /** ACL categories without the '@' (the flag-implied ones are added automatically). */
  acl: readonly string[];
  group: string;
  summary: string;
  since: string;
  complexity?: string;
  handler?: Handler;
  subcommands?: CommandSpec[];
}

const NO_KEYS: KeyRange = { first: 0, last: 0, step: 0 };

export class CommandTable {
  private readonly byName = new Map<string, CommandSpec>();
  /** byName plus upper-case names, so the usual spellings resolve without lower-casing. */
  private readonly lookupMap = new Map<string, CommandSpec>();
  private readonly subByName = new Map<string, Map<string, CommandSpec>>();

  register(specs: readonly CommandSpec[]): void {
    for (const spec of specs) {
      if (this.byName.has(spec.name)) throw new Error(`command ${spec.name} registered twice`);
      this.byName.set(spec.name, spec);
      this.lookupMap.set(spec.name, spec);
      this.lookupMap.set(spec.name.toUpperCase(), spec);
      if (spec.subcommands) {
        const subs = new Map<string, CommandSpec>();
        for (const sub of spec.subcommands) subs.set(sub.name.slice(spec.name.length + 1), sub);
        this.subByName.set(spec.name, subs);
      }
    }
  }

  get(name: string): CommandSpec | undefined {
    return this.lookupMap.get(name);
  }

  subcommand(container: string, sub: string): CommandSpec | undefined {
    return this.subByName.get(container)?.get(sub);
  }

  all(): CommandSpec[] {
    return [...this.byName.values()];
  }

  get size(): number {
    return this.byName.size;
  }
}

export function keyRange(spec: CommandSpec): KeyRange {
  return spec.keys ?? NO_KEYS;
}

/** Positions of the key arguments of a command invocation. */
export function keyPositions(spec: CommandSpec, argv: readonly string[]): number[] {
  if (spec.getKeys) return spec.getKeys(argv);
  const { first, last, step } = keyRange(spec);
  if (first === 0) return [];
  const end = last < 0 ? argv.length + last : last;
  const out: number[] = [];
  for (let i = first; i <= end && i < argv.length; i += step) out.push(i);
  return out;
}

/** Redis's ACL categories in its own order (COMMAND INFO and ACL CAT list them so). */
export const ACL_CATEGORIES = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
] as const;

/** Categories implied by flags, as Redis derives them (setImplicitACLCategories), in Redis's order. */
export function aclCategories(spec: CommandSpec): string[] {
  const cats = new Set(spec.acl);
  const f = spec.flags;
  if (f.includes('write')) cats.add('write');
  if (f.includes('readonly') && !cats.has('scripting')) cats.add('read');
  if (f.includes('admin')) {
    cats.add('admin');
    cats.add('dangerous');
  }
  if (f.includes('pubsub')) cats.add('pubsub');
  if (f.includes('fast')) cats.add('fast');
  if (f.includes('blocking')) cats.add('blocking');
  if (!cats.has('fast')) cats.add('slow');
  return ACL_CATEGORIES.filter((cat) => cats.has(cat));
}

/** Shorthand used by family tables for the common single-key command. */
export const KEY1: KeyRange = { first: 1, last: 1, step: 1 };
export const KEYS_ALL: KeyRange = { first: 1, last: -1, step: 1 };

/** A family's spec builder: what its commands share (ACL category, COMMAND DOCS group) given once. */
export type FamilySpec = (
  name: string,
  arity: number,
  flags: CommandSpec['flags'],
  since: string,
  summary: string,
  complexity: string,
  handler: Handler,
  keys?: Pick<CommandSpec, 'keys' | 'getKeys'>,
) => CommandSpec;

/** The spec builder of a data-type family (single-key commands unless `keys` says otherwise). */
export function familySpec(acl: string, group: string): FamilySpec {
  return (name, arity, flags, since, summary, complexity, handler, keys = { keys: KEY1 }) => ({
    name,
    arity,
    flags,
    ...keys,
    acl: [acl],
    group,
    summary,
    since,
    complexity,
    handler,
  });
}
