/**
 * ACL commands: SETUSER, GETUSER, DELUSER, LIST, USERS, WHOAMI, CAT, DRYRUN, LOG, GENPASS, HELP
 * (LOAD and SAVE answer that no ACL file is configured). The users and their checks live in
 * server/acl.ts; these handlers parse and reply.
 */
import { randomBytes } from 'node:crypto';
import { AclErr, CommandError, wrongArity } from '../protocol/errors';
import { replyHelp, subcommandSyntaxError } from './help';
import type { Client } from '../server/client';
import { intArg, isOpt } from './args';
import { ACL_CATEGORIES, type CommandSpec } from './table';

function hasSpaces(s: string): boolean {
  return /[\s\0]/.test(s);
}

// ACL CAT [category]
function aclCat(c: Client, argv: string[]): void {
  if (argv.length > 3) throw subcommandSyntaxError(argv);
  if (argv.length === 2) return c.reply.bulkArray(ACL_CATEGORIES);
  const cat = argv[2].toLowerCase();
  if (!(ACL_CATEGORIES as readonly string[]).includes(cat))
    throw new CommandError(AclErr.unknownCategory(argv[2]));
  c.reply.bulkArray(c.server.acl.commandsIn(cat));
}

// ACL SETUSER username [rule ...]
function aclSetuser(c: Client, argv: string[]): void {
  const name = argv[2];
  const rules = argv.slice(3);
  argv.fill('(redacted)', 2); // rules hold passwords: SLOWLOG and MONITOR see none of it, as in Redis
  if (hasSpaces(name)) throw new CommandError(AclErr.usernameSpaces);
  const err = c.server.acl.setUser(name, rules);
  if (err !== undefined) throw new CommandError(err);
  c.server.acl.dropRevokedSubscribers(name, c);
  c.reply.ok();
}

// ACL DELUSER username [username ...]
function aclDeluser(c: Client, argv: string[]): void {
  const names = argv.slice(2);
  if (names.includes('default')) throw new CommandError(AclErr.defaultUndeletable);
  const s = c.server;
  let deleted = 0;
  for (const name of names) {
    if (!s.acl.deleteUser(name)) continue;
    deleted++;
    // Like Redis's ACLFreeUserAndKillClients: the user's connections are closed (this one after its reply).
    for (const other of s.clients.values()) {
      if (other.user !== name) continue;
      other.user = 'default';
      other.authenticated = false;
      if (other === c) c.closeAfterReply = true;
      else s.freeClient(other);
    }
  }
  c.reply.integer(deleted);
}

// ACL GETUSER username
function aclGetuser(c: Client, argv: string[]): void {
  const acl = c.server.acl;
  const u = acl.users.get(argv[2]);
  if (!u) return c.reply.nullBulk();
  const flags = acl.flags(u);
  c.reply.mapLen(6);
  c.reply.bulk('flags');
  c.reply.setLen(flags.length);
  for (const f of flags) c.reply.bulk(f);
  c.reply.bulk('passwords');
  c.reply.bulkArray(u.passwords);
  c.reply.bulk('commands');
  c.reply.bulk(acl.describeCommands(u));
  c.reply.bulk('keys');
  c.reply.bulk(acl.describeKeys(u));
  c.reply.bulk('channels');
  c.reply.bulk(acl.describeChannels(u));
  c.reply.bulk('selectors');
  c.reply.arrayLen(0);
}

// ACL LIST
function aclList(c: Client): void {
  const acl = c.server.acl;
  c.reply.bulkArray(acl.sortedUsers().map((u) => acl.describe(u)));
}

// ACL USERS
function aclUsers(c: Client): void {
  c.reply.bulkArray(c.server.acl.sortedUsers().map((u) => u.name));
}

// ACL WHOAMI
function aclWhoami(c: Client): void {
  c.reply.bulk(c.user);
}

// ACL LOAD / ACL SAVE
function aclNoFile(): void {
  throw new CommandError(AclErr.noAclFile);
}

// ACL GENPASS [bits]
function aclGenpass(c: Client, argv: string[]): void {
  if (argv.length > 3) throw subcommandSyntaxError(argv);
  const bits = argv.length === 3 ? intArg(argv[2]) : 256;
  if (bits <= 0 || bits > 4096) throw new CommandError(AclErr.genpassBits);
  const chars = Math.floor((bits + 3) / 4);
  c.reply.bulk(
    randomBytes(Math.ceil(chars / 2))
      .toString('hex')
      .slice(0, chars),
  );
}

// ACL LOG [count | RESET]
function aclLog(c: Client, argv: string[]): void {
  if (argv.length > 3) throw subcommandSyntaxError(argv);
  const log = c.server.acl.log;
  let count = 10;
  if (argv.length === 3) {
    if (isOpt(argv[2], 'RESET')) {
      log.length = 0;
      return c.reply.ok();
    }
    count = Math.max(0, intArg(argv[2]));
  }
  count = Math.min(count, log.length);
  const now = Date.now();
  c.reply.arrayLen(count);
  for (let i = 0; i < count; i++) {
    const e = log[i];
    c.reply.mapLen(7);
    c.reply.bulk('count');
    c.reply.integer(e.count);
    c.reply.bulk('reason');
    c.reply.bulk(e.reason);
    c.reply.bulk('context');
    c.reply.bulk(e.context);
    c.reply.bulk('object');
    c.reply.bulk(e.object);
    c.reply.bulk('username');
    c.reply.bulk(e.username);
    c.reply.bulk('age-seconds');
    c.reply.double((now - e.createdAt) / 1000);
    c.reply.bulk('client-info');
    c.reply.bulk(e.clientInfo);
  }
}

// ACL DRYRUN username command [arg ...]
function aclDryrun(c: Client, argv: string[]): void {
  const s = c.server;
  const u = s.acl.users.get(argv[2]);
  if (!u) throw new CommandError(AclErr.userNotFound(argv[2]));
  const args = argv.slice(3);
  let spec = s.commands.get(args[0]) ?? s.commands.get(args[0].toLowerCase());
  if (spec?.subcommands && args.length >= 2) spec = s.commands.subcommand(spec.name, args[1].toLowerCase());
  if (!spec) throw new CommandError(AclErr.commandNotFound(args[0]));
  if ((spec.arity > 0 && args.length !== spec.arity) || args.length < -spec.arity)
    throw new CommandError(wrongArity(spec.name));
  const denial = s.acl.check(u, spec, args);
  if (denial === null) return c.reply.ok();
  if (denial.reason === 'command')
    c.reply.bulk(`This user has no permissions to run the '${spec.name}' command`);
  else c.reply.bulk(`This user has no permissions to access the '${args[denial.pos]}' ${denial.reason}`);
}

const ACL_HELP = [
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
];

// ACL HELP
function aclHelp(c: Client): void {
  replyHelp(c, 'ACL', ACL_HELP);
}

const ADMIN: CommandSpec['flags'] = ['admin', 'noscript', 'loading', 'stale'];
const PLAIN: CommandSpec['flags'] = ['noscript', 'loading', 'stale'];

const sub = (
  name: string,
  arity: number,
  flags: CommandSpec['flags'],
  summary: string,
  since: string,
  complexity: string,
  handler: CommandSpec['handler'],
): CommandSpec => ({
  name: `acl|${name}`,
  arity,
  flags,
  acl: [],
  group: 'server',
  summary,
  since,
  complexity,
  handler,
});

export const aclCommands: CommandSpec[] = [
  {
    name: 'acl',
    arity: -2,
    flags: [],
    acl: [],
    group: 'server',
    summary: 'A container for Access List Control commands',
    since: '6.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      sub(
        'cat',
        -2,
        PLAIN,
        'List the ACL categories or the commands inside a category',
        '6.0.0',
        'O(1) since the categories and commands are a fixed set.',
        aclCat,
      ),
      sub(
        'deluser',
        -3,
        ADMIN,
        'Remove the specified ACL users and the associated rules',
        '6.0.0',
        'O(1) amortized time considering the typical user.',
        aclDeluser,
      ),
      sub(
        'dryrun',
        -4,
        ADMIN,
        'Returns whether the user can execute the given command without executing the command.',
        '7.0.0',
        'O(1).',
        aclDryrun,
      ),
      sub(
        'genpass',
        -2,
        PLAIN,
        'Generate a pseudorandom secure password to use for ACL users',
        '6.0.0',
        'O(1)',
        aclGenpass,
      ),
      sub(
        'getuser',
        3,
        ADMIN,
        'Get the rules for a specific ACL user',
        '6.0.0',
        'O(N). Where N is the number of password, command and pattern rules that the user has.',
        aclGetuser,
      ),
      sub(
        'help',
        2,
        ['loading', 'stale'],
        'Show helpful text about the different subcommands',
        '6.0.0',
        'O(1)',
        aclHelp,
      ),
      sub(
        'list',
        2,
        ADMIN,
        'List the current ACL rules in ACL config file format',
        '6.0.0',
        'O(N). Where N is the number of configured users.',
        aclList,
      ),
      sub(
        'load',
        2,
        ADMIN,
        'Reload the ACLs from the configured ACL file',
        '6.0.0',
        'O(N). Where N is the number of configured users.',
        aclNoFile,
      ),
      sub(
        'log',
        -2,
        ADMIN,
        'List latest events denied because of ACLs in place',
        '6.0.0',
        'O(N) with N being the number of entries shown.',
        aclLog,
      ),
      sub(
        'save',
        2,
        ADMIN,
        'Save the current ACL rules in the configured ACL file',
        '6.0.0',
        'O(N). Where N is the number of configured users.',
        aclNoFile,
      ),
      sub(
        'setuser',
        -3,
        ADMIN,
        'Modify or create the rules for a specific ACL user',
        '6.0.0',
        'O(N). Where N is the number of rules provided.',
        aclSetuser,
      ),
      sub(
        'users',
        2,
        ADMIN,
        'List the username of all the configured ACL rules',
        '6.0.0',
        'O(N). Where N is the number of configured users.',
        aclUsers,
      ),
      sub(
        'whoami',
        2,
        PLAIN,
        'Return the name of the user associated to the current connection',
        '6.0.0',
        'O(1)',
        aclWhoami,
      ),
    ],
  },
];
