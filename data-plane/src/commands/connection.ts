/**
 * Connection commands: PING, ECHO, AUTH, HELLO, SELECT, QUIT, RESET.
 */
import { CommandError, Err, outOfRangeBetween } from '../protocol/errors';
import type { Client } from '../server/client';
import { intArg, isOpt } from './args';
import type { CommandSpec } from './table';

const PKG_VERSION = '7.0.15';

/** Checks a username/password pair against the ACL users (a failure goes to the ACL LOG). */
export function authenticate(c: Client, user: string, pass: string, command: string): boolean {
  return c.server.acl.authenticate(c, user, pass, command);
}

// PING [message]
function ping(c: Client, argv: string[]): void {
  if (argv.length > 2) throw new CommandError(`ERR wrong number of arguments for 'ping' command`);
  if (c.resp === 2 && c.subscriptionCount > 0) {
    c.reply.arrayLen(2);
    c.reply.bulk('pong');
    c.reply.bulk(argv.length === 2 ? argv[1] : '');
    return;
  }
  if (argv.length === 2) c.reply.bulk(argv[1]);
  else c.reply.status('PONG');
}

// ECHO message
function echo(c: Client, argv: string[]): void {
  c.reply.bulk(argv[1]);
}

// AUTH [username] password
function auth(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new CommandError(Err.syntax);
  const user = argv.length === 3 ? argv[1] : 'default';
  const pass = argv.length === 3 ? argv[2] : argv[1];
  argv.fill('(redacted)', 1); // SLOWLOG and MONITOR never see credentials, as in Redis
  if (argv.length === 2 && c.server.acl.users.get('default')!.nopass)
    throw new CommandError(Err.authNotConfigured);
  if (!authenticate(c, user, pass, argv[0])) throw new CommandError(Err.wrongPass);
  c.authenticated = true;
  c.user = user;
  c.reply.ok();
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]
function hello(c: Client, argv: string[]): void {
  let ver: number = c.resp;
  let i = 1;
  if (argv.length >= 2) {
    const v = Number(argv[1]);
    if (!/^-?\d+$/.test(argv[1]))
      throw new CommandError('ERR Protocol version is not an integer or out of range');
    if (v < 2 || v > 3) throw new CommandError(Err.noProtoVersion);
    ver = v;
    i = 2;
  }
  let setName: string | undefined;
  for (; i < argv.length; i++) {
    const more = argv.length - i - 1;
    if (isOpt(argv[i], 'AUTH') && more >= 2) {
      const [user, pass] = [argv[i + 1], argv[i + 2]];
      argv[i + 1] = argv[i + 2] = '(redacted)';
      if (!authenticate(c, user, pass, argv[0])) throw new CommandError(Err.wrongPass);
      c.authenticated = true;
      c.user = user;
      i += 2;
    } else if (isOpt(argv[i], 'SETNAME') && more >= 1) {
      setName = argv[++i];
      if (!validClientName(setName))
        throw new CommandError('ERR Client names cannot contain spaces, newlines or special characters.');
    } else {
      throw new CommandError(`ERR Syntax error in HELLO option '${argv[i]}'`);
    }
  }
  if (!c.authenticated)
    throw new CommandError(
      'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
    );
  if (setName !== undefined) c.name = setName;
  c.reply.resp = ver as 2 | 3;
  c.reply.mapLen(7);
  c.reply.bulk('server');
  c.reply.bulk('redis');
  c.reply.bulk('version');
  c.reply.bulk(PKG_VERSION);
  c.reply.bulk('proto');
  c.reply.integer(ver);
  c.reply.bulk('id');
  c.reply.integer(c.id);
  c.reply.bulk('mode');
  c.reply.bulk('standalone');
  c.reply.bulk('role');
  c.reply.bulk('master');
  c.reply.bulk('modules');
  c.reply.arrayLen(0);
}

export function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}

// SELECT index
function select(c: Client, argv: string[]): void {
  // getIntFromObjectOrReply: an integer, then within int range, then a database that exists.
  const idx = intArg(argv[1]);
  if (idx < -2147483648 || idx > 2147483647)
    throw new CommandError(outOfRangeBetween(-2147483648, 2147483647));
  if (idx < 0 || idx >= c.server.keyspace.dbs.length) throw new CommandError(Err.dbIndexOutOfRange);
  c.db = c.server.keyspace.dbs[idx];
  c.reply.ok();
}

// QUIT
function quit(c: Client): void {
  c.reply.ok();
  c.closeAfterReply = true;
}

// RESET
function reset(c: Client): void {
  const s = c.server;
  c.discardMulti();
  s.pubsub.removeClient(c);
  s.stats.monitors.delete(c);
  c.monitor = false;
  c.db = s.keyspace.dbs[0];
  c.reply.resp = 2;
  c.name = '';
  c.replyMode = 'on';
  c.authenticated = s.acl.defaultUserOpen();
  c.user = 'default';
  c.reply.status('RESET');
}

export const connectionCommands: CommandSpec[] = [
  {
    name: 'ping',
    arity: -1,
    flags: ['fast'],
    acl: ['connection'],
    group: 'connection',
    summary: 'Ping the server',
    since: '1.0.0',
    handler: ping,
  },
  {
    name: 'echo',
    arity: 2,
    flags: ['fast'],
    acl: ['connection'],
    group: 'connection',
    summary: 'Echo the given string',
    since: '1.0.0',
    handler: echo,
  },
  {
    name: 'auth',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    acl: ['connection'],
    group: 'connection',
    summary: 'Authenticate to the server',
    since: '1.0.0',
    handler: auth,
  },
  {
    name: 'hello',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    acl: ['connection'],
    group: 'connection',
    summary: 'Handshake with Redis',
    since: '6.0.0',
    handler: hello,
  },
  {
    name: 'select',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    acl: ['connection'],
    group: 'connection',
    summary: 'Change the selected database for the current connection',
    since: '1.0.0',
    handler: select,
  },
  {
    name: 'quit',
    arity: -1,
    flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'],
    acl: ['connection'],
    group: 'connection',
    summary: 'Close the connection',
    since: '1.0.0',
    handler: quit,
  },
  {
    name: 'reset',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    acl: ['connection'],
    group: 'connection',
    summary: 'Reset the connection',
    since: '6.2.0',
    handler: reset,
  },
];
