/**
 * Pub/sub commands: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, SSUBSCRIBE,
 * SUNSUBSCRIBE, SPUBLISH and PUBSUB. Delivery (RESP2 arrays, RESP3 pushes) lives in server/pubsub.ts;
 * the dispatcher restricts subscribed RESP2 clients to (P|S)(UN)SUBSCRIBE, PING, QUIT and RESET.
 * Without cluster mode, shard channels are a namespace of their own that patterns never match.
 */
import { CommandError } from '../protocol/errors';
import { replyHelp, subcommandSyntaxError } from './help';
import type { Client } from '../server/client';
import { globMatch } from '../util/glob';
import type { CommandSpec } from './table';

// -------------------------------------------------------------------------------------------------
// Confirmations
// -------------------------------------------------------------------------------------------------

/**
 * Writes a (un)subscribe confirmation. Like Redis's CLIENT_PUSHING, confirmations reach the client
 * even under CLIENT REPLY OFF/SKIP: they are set aside for the dispatcher to keep.
 */
function confirm(c: Client, kind: string, name: string | null, count: number): void {
  const silenced = c.replyMode !== 'on';
  const mark = silenced ? c.reply.out.length : 0;
  c.reply.pushLen(3);
  c.reply.bulk(kind);
  if (name === null) c.reply.nullBulk();
  else c.reply.bulk(name);
  c.reply.integer(count);
  if (silenced) c.silencedPushes += c.reply.out.slice(mark);
}

/** Channels and patterns: the count SUBSCRIBE, PSUBSCRIBE and their inverses report. */
function globalCount(c: Client): number {
  return c.channels.size + c.patterns.size;
}

// -------------------------------------------------------------------------------------------------
// Channels and patterns
// -------------------------------------------------------------------------------------------------

// SUBSCRIBE channel [channel ...]
function subscribe(c: Client, argv: string[]): void {
  const ps = c.server.pubsub;
  for (let i = 1; i < argv.length; i++) {
    ps.subscribe(c, argv[i]);
    confirm(c, 'subscribe', argv[i], globalCount(c));
  }
}

// UNSUBSCRIBE [channel [channel ...]]
function unsubscribe(c: Client, argv: string[]): void {
  const ps = c.server.pubsub;
  if (argv.length === 1) {
    if (c.channels.size === 0) return confirm(c, 'unsubscribe', null, globalCount(c));
    for (const ch of [...c.channels]) {
      ps.unsubscribe(c, ch);
      confirm(c, 'unsubscribe', ch, globalCount(c));
    }
    return;
  }
  for (let i = 1; i < argv.length; i++) {
    ps.unsubscribe(c, argv[i]);
    confirm(c, 'unsubscribe', argv[i], globalCount(c));
  }
}

// PSUBSCRIBE pattern [pattern ...]
function psubscribe(c: Client, argv: string[]): void {
  const ps = c.server.pubsub;
  for (let i = 1; i < argv.length; i++) {
    ps.psubscribe(c, argv[i]);
    confirm(c, 'psubscribe', argv[i], globalCount(c));
  }
}

// PUNSUBSCRIBE [pattern [pattern ...]]
function punsubscribe(c: Client, argv: string[]): void {
  const ps = c.server.pubsub;
  if (argv.length === 1) {
    if (c.patterns.size === 0) return confirm(c, 'punsubscribe', null, globalCount(c));
    for (const p of [...c.patterns]) {
      ps.punsubscribe(c, p);
      confirm(c, 'punsubscribe', p, globalCount(c));
    }
    return;
  }
  for (let i = 1; i < argv.length; i++) {
    ps.punsubscribe(c, argv[i]);
    confirm(c, 'punsubscribe', argv[i], globalCount(c));
  }
}

// PUBLISH channel message
function publish(c: Client, argv: string[]): void {
  c.reply.integer(c.server.pubsub.publish(argv[1], argv[2]));
}

// -------------------------------------------------------------------------------------------------
// Shard channels
// -------------------------------------------------------------------------------------------------

// SSUBSCRIBE shardchannel [shardchannel ...]
function ssubscribe(c: Client, argv: string[]): void {
  // Redis refuses it to clients that may not block, which includes a running EXEC.
  if (c.inExec) throw new CommandError("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
  const ps = c.server.pubsub;
  for (let i = 1; i < argv.length; i++) {
    ps.ssubscribe(c, argv[i]);
    confirm(c, 'ssubscribe', argv[i], c.shardChannels.size);
  }
}

// SUNSUBSCRIBE [shardchannel [shardchannel ...]]
function sunsubscribe(c: Client, argv: string[]): void {
  const ps = c.server.pubsub;
  if (argv.length === 1) {
    if (c.shardChannels.size === 0) return confirm(c, 'sunsubscribe', null, 0);
    for (const ch of [...c.shardChannels]) {
      ps.sunsubscribe(c, ch);
      confirm(c, 'sunsubscribe', ch, c.shardChannels.size);
    }
    return;
  }
  for (let i = 1; i < argv.length; i++) {
    ps.sunsubscribe(c, argv[i]);
    confirm(c, 'sunsubscribe', argv[i], c.shardChannels.size);
  }
}

// SPUBLISH shardchannel message
function spublish(c: Client, argv: string[]): void {
  c.reply.integer(c.server.pubsub.spublish(argv[1], argv[2]));
}

// -------------------------------------------------------------------------------------------------
// PUBSUB
// -------------------------------------------------------------------------------------------------

/** The channels of a namespace that match the optional pattern. */
function channelList(c: Client, argv: string[], channels: Map<string, Set<Client>>): void {
  if (argv.length > 3) throw subcommandSyntaxError(argv);
  const pattern = argv.length === 3 ? argv[2] : null;
  const out: string[] = [];
  for (const ch of channels.keys()) if (pattern === null || globMatch(pattern, ch)) out.push(ch);
  c.reply.bulkArray(out);
}

/** Channel, subscriber count pairs for the named channels. */
function numsub(c: Client, argv: string[], channels: Map<string, Set<Client>>): void {
  c.reply.arrayLen((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    c.reply.bulk(argv[i]);
    c.reply.integer(channels.get(argv[i])?.size ?? 0);
  }
}

// PUBSUB CHANNELS [pattern]
function pubsubChannels(c: Client, argv: string[]): void {
  channelList(c, argv, c.server.pubsub.channels);
}

// PUBSUB NUMSUB [channel [channel ...]]
function pubsubNumsub(c: Client, argv: string[]): void {
  numsub(c, argv, c.server.pubsub.channels);
}

// PUBSUB NUMPAT
function pubsubNumpat(c: Client): void {
  c.reply.integer(c.server.pubsub.patterns.size);
}

// PUBSUB SHARDCHANNELS [pattern]
function pubsubShardchannels(c: Client, argv: string[]): void {
  channelList(c, argv, c.server.pubsub.shardChannels);
}

// PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]]
function pubsubShardnumsub(c: Client, argv: string[]): void {
  numsub(c, argv, c.server.pubsub.shardChannels);
}

const PUBSUB_HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

// PUBSUB HELP
function pubsubHelp(c: Client): void {
  replyHelp(c, 'PUBSUB', PUBSUB_HELP);
}

// -------------------------------------------------------------------------------------------------
// Table
// -------------------------------------------------------------------------------------------------

const SUBSCRIBE_FLAGS = ['pubsub', 'noscript', 'loading', 'stale'] as const;
/** SSUBSCRIBE/SUNSUBSCRIBE/SPUBLISH name shard channels where a key would be (not keys, for ACLs). */
const SHARD_CHANNEL_1 = { first: 1, last: 1, step: 1 };
const SHARD_CHANNELS_ALL = { first: 1, last: -1, step: 1 };

function sub(
  name: string,
  arity: number,
  flags: CommandSpec['flags'],
  summary: string,
  since: string,
  complexity: string,
  handler: CommandSpec['handler'],
): CommandSpec {
  return { name, arity, flags, acl: [], group: 'pubsub', summary, since, complexity, handler };
}

export const pubsubCommands: CommandSpec[] = [
  sub(
    'subscribe',
    -2,
    SUBSCRIBE_FLAGS,
    'Listen for messages published to the given channels',
    '2.0.0',
    'O(N) where N is the number of channels to subscribe to.',
    subscribe,
  ),
  sub(
    'unsubscribe',
    -1,
    SUBSCRIBE_FLAGS,
    'Stop listening for messages posted to the given channels',
    '2.0.0',
    'O(N) where N is the number of clients already subscribed to a channel.',
    unsubscribe,
  ),
  sub(
    'psubscribe',
    -2,
    SUBSCRIBE_FLAGS,
    'Listen for messages published to channels matching the given patterns',
    '2.0.0',
    'O(N) where N is the number of patterns the client is already subscribed to.',
    psubscribe,
  ),
  sub(
    'punsubscribe',
    -1,
    SUBSCRIBE_FLAGS,
    'Stop listening for messages posted to channels matching the given patterns',
    '2.0.0',
    'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).',
    punsubscribe,
  ),
  sub(
    'publish',
    3,
    ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    'Post a message to a channel',
    '2.0.0',
    'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).',
    publish,
  ),
  {
    ...sub(
      'ssubscribe',
      -2,
      SUBSCRIBE_FLAGS,
      'Listen for messages published to the given shard channels',
      '7.0.0',
      'O(N) where N is the number of shard channels to subscribe to.',
      ssubscribe,
    ),
    keys: SHARD_CHANNELS_ALL,
  },
  {
    ...sub(
      'sunsubscribe',
      -1,
      SUBSCRIBE_FLAGS,
      'Stop listening for messages posted to the given shard channels',
      '7.0.0',
      'O(N) where N is the number of clients already subscribed to a shard channel.',
      sunsubscribe,
    ),
    keys: SHARD_CHANNELS_ALL,
  },
  {
    ...sub(
      'spublish',
      3,
      ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
      'Post a message to a shard channel',
      '7.0.0',
      'O(N) where N is the number of clients subscribed to the receiving shard channel.',
      spublish,
    ),
    keys: SHARD_CHANNEL_1,
  },
  {
    name: 'pubsub',
    arity: -2,
    flags: [],
    acl: [],
    group: 'pubsub',
    summary: 'A container for Pub/Sub commands',
    since: '2.8.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      sub(
        'pubsub|channels',
        -2,
        ['pubsub', 'loading', 'stale'],
        'List active channels',
        '2.8.0',
        'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)',
        pubsubChannels,
      ),
      sub(
        'pubsub|help',
        2,
        ['loading', 'stale'],
        'Show helpful text about the different subcommands',
        '6.2.0',
        'O(1)',
        pubsubHelp,
      ),
      sub(
        'pubsub|numpat',
        2,
        ['pubsub', 'loading', 'stale'],
        'Get the count of unique patterns pattern subscriptions',
        '2.8.0',
        'O(1)',
        pubsubNumpat,
      ),
      sub(
        'pubsub|numsub',
        -2,
        ['pubsub', 'loading', 'stale'],
        'Get the count of subscribers for channels',
        '2.8.0',
        'O(N) for the NUMSUB subcommand, where N is the number of requested channels',
        pubsubNumsub,
      ),
      sub(
        'pubsub|shardchannels',
        -2,
        ['pubsub', 'loading', 'stale'],
        'List active shard channels',
        '7.0.0',
        'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).',
        pubsubShardchannels,
      ),
      sub(
        'pubsub|shardnumsub',
        -2,
        ['pubsub', 'loading', 'stale'],
        'Get the count of subscribers for shard channels',
        '7.0.0',
        'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels',
        pubsubShardnumsub,
      ),
    ],
  },
];
