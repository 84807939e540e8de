/**
 * The catalogue of error replies, with Redis 7.0's exact texts. Handlers never spell an error
 * themselves: they pick one from here, so a text is right (and tested) in one place.
 */

export const Err = {
  syntax: 'ERR syntax error',
  wrongType: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  notInteger: 'ERR value is not an integer or out of range',
  notFloat: 'ERR value is not a valid float',
  incrOverflow: 'ERR increment or decrement would overflow',
  incrNanOrInf: 'ERR increment would produce NaN or Infinity',
  nanOrInfinity: 'ERR value is NaN or Infinity',
  valueOutOfRange: 'ERR value is out of range',
  numkeysTooMany: "ERR Number of keys can't be greater than number of args",
  limitNegative: "ERR LIMIT can't be negative",
  noSuchKey: 'ERR no such key',
  indexOutOfRange: 'ERR index out of range',
  rankZero:
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
  lposCountNegative: "ERR COUNT can't be negative",
  lposMaxlenNegative: "ERR MAXLEN can't be negative",
  numkeysNotPositive: 'ERR numkeys should be greater than 0',
  countNotPositive: 'ERR count should be greater than 0',
  dbIndexOutOfRange: 'ERR DB index is out of range',
  invalidDbIndex: 'ERR invalid DB index',
  sameObject: 'ERR source and destination objects are the same',
  noAuth: 'NOAUTH Authentication required.',
  noPermKey: 'NOPERM this user has no permissions to access one of the keys used as arguments',
  noPermChannel: 'NOPERM this user has no permissions to access one of the channels used as arguments',
  wrongPass: 'WRONGPASS invalid username-password pair or user is disabled.',
  authNotConfigured:
    'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
  oom: "OOM command not allowed when used memory > 'maxmemory'.",
  maxClients: 'ERR max number of clients reached',
  timeoutNotFloat: 'ERR timeout is not a float or out of range',
  timeoutNegative: 'ERR timeout is negative',
  stringTooLong: 'ERR string exceeds maximum allowed size (proto-max-bulk-len)',
  bitOffset: 'ERR bit offset is not an integer or out of range',
  bitValue: 'ERR bit is not an integer or out of range',
  mustBePositive: 'ERR value is out of range, must be positive',
  countNegative: 'ERR value is out of range, must be positive',
  execAbort: 'EXECABORT Transaction discarded because of previous errors.',
  multiNested: 'ERR MULTI calls can not be nested',
  execWithoutMulti: 'ERR EXEC without MULTI',
  discardWithoutMulti: 'ERR DISCARD without MULTI',
  watchInMulti: 'ERR WATCH inside MULTI is not allowed',
  noProtoVersion: 'NOPROTO unsupported protocol version',
  hashValueNotInteger: 'ERR hash value is not an integer',
  hashValueNotFloat: 'ERR hash value is not a float',
  unknownClientType: 'ERR Unknown client type',
  decrOverflow: 'ERR decrement would overflow',
  offsetOutOfRange: 'ERR offset is out of range',
  bitArgument: 'ERR The bit argument must be 1 or 0.',
  bitopNotOneKey: 'ERR BITOP NOT must be called with a single source key.',
  bitfieldType:
    'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.',
  bitfieldOverflowType: 'ERR Invalid OVERFLOW type specified',
  bitfieldRoGetOnly: 'ERR BITFIELD_RO only supports the GET subcommand',
  lcsNotStrings: 'ERR The specified keys must contain string values',
  lcsLenAndIdx: 'ERR If you want both the length and indexes, please just use IDX.',
  lcsTooLong: 'ERR String too long for LCS',
  lcsTooMuchMemory: 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len',
  lcsAllocFailed: 'ERR Insufficient memory, failed allocating transient memory for LCS',
  zaddXxAndNx: 'ERR XX and NX options at the same time are not compatible',
  zaddGtLtNx: 'ERR GT, LT, and/or NX options at the same time are not compatible',
  zaddIncrOnePair: 'ERR INCR option supports a single increment-element pair',
  zsetScoreNaN: 'ERR resulting score is not a number (NaN)',
  minMaxNotFloat: 'ERR min or max is not a float',
  minMaxNotLex: 'ERR min or max not valid string range item',
  weightNotFloat: 'ERR weight value is not a float',
  zrangeLimitNeedsBy: 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX',
  zrangeWithscoresBylex: 'ERR syntax error, WITHSCORES not supported in combination with BYLEX',
  sortScoreNotDouble: "ERR One or more scores can't be converted into double",
} as const;

export function wrongArity(cmd: string): string {
  return `ERR wrong number of arguments for '${cmd}' command`;
}

/** ZUNION/ZINTER/ZDIFF (and STORE, ZINTERCARD) with numkeys < 1. */
export function atLeastOneInputKey(cmd: string): string {
  return `ERR at least 1 input key is needed for '${cmd}' command`;
}

export function unknownCommand(name: string, args: readonly string[]): string {
  // Redis lists arguments until the list reaches 128 bytes, each cut to what is left of those 128.
  let list = '';
  for (let i = 0; i < args.length && list.length < 128; i++)
    list += `'${args[i].slice(0, 128 - list.length)}' `;
  return `ERR unknown command '${truncate(name)}', with args beginning with: ${list}`;
}

/** Redis's addReplySubcommandSyntaxError. */
export function subcommandSyntax(container: string, sub: string): string {
  return `ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`;
}

export function unknownSubcommand(sub: string, container: string): string {
  return `ERR unknown subcommand '${truncate(sub)}'. Try ${container.toUpperCase()} HELP.`;
}

/** ACL command errors (Redis 7.0's aclCommand texts). */
export const AclErr = {
  defaultUndeletable: "ERR The 'default' user cannot be removed",
  usernameSpaces: "ERR Usernames can't contain spaces or null characters",
  noAclFile:
    'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.',
  genpassBits:
    'ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096',
  unknownCategory: (cat: string) => `ERR Unknown category '${truncate(cat)}'`,
  userNotFound: (user: string) => `ERR User '${user}' not found`,
  commandNotFound: (cmd: string) => `ERR Command '${cmd}' not found`,
} as const;

/** ACL: the user may not run this command (its full name, e.g. 'config|set'). */
export function noPermCommand(fullname: string): string {
  return `NOPERM this user has no permissions to run the '${fullname}' command`;
}

export function invalidExpireTime(cmd: string): string {
  return `ERR invalid expire time in '${cmd}' command`;
}

/** getRangeLongFromObjectOrReply's text (Redis 7.0 spells it "value must between"). */
export function outOfRangeBetween(min: bigint | number, max: bigint | number): string {
  return `ERR value is out of range, value must between ${min} and ${max}`;
}

/** Redis truncates names echoed in errors to 128 bytes (sdscatrepr is not used there). */
function truncate(s: string): string {
  return s.length > 128 ? s.slice(0, 128) : s;
}

/** A thrown CommandError becomes an error reply; handlers use it to bail out of deep parsing code. */
export class CommandError extends Error {
  constructor(readonly reply: string) {
    super(reply);
  }
}

/** Stream errors (Redis 7.0 t_stream.c). */
export const StreamErr = {
  invalidId: 'ERR Invalid stream ID specified as stream command argument',
  xaddTooSmall: 'ERR The ID specified in XADD is equal or smaller than the target stream top item',
  xaddZero: 'ERR The ID specified in XADD must be greater than 0-0',
  exhausted: 'ERR The stream has exhausted the last possible ID, unable to add more items',
  maxlenMinid: 'ERR syntax error, MAXLEN and MINID options at the same time are not compatible',
  maxlenNegative: 'ERR The MAXLEN argument must be >= 0.',
  limitNegative: 'ERR The LIMIT argument must be >= 0.',
  limitWithoutStrategy: 'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy',
  xtrimNoStrategy: 'ERR syntax error, XTRIM must be called with a trimming strategy',
  limitWithoutApprox: 'ERR syntax error, LIMIT cannot be used without the special ~ option',
  invalidStart: 'ERR invalid start ID for the interval',
  invalidEnd: 'ERR invalid end ID for the interval',
  xreadUnbalanced:
    "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.",
  xreadgroupUnbalanced:
    "ERR Unbalanced XREADGROUP list of streams: for each stream key an ID or '>' must be specified.",
  groupOnlyXreadgroup: 'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.',
  noackOnlyXreadgroup: 'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.',
  missingGroup: 'ERR Missing GROUP option for XREADGROUP',
  dollarInXreadgroup:
    'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
  gtOnlyXreadgroup:
    'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.',
  busyGroup: 'BUSYGROUP Consumer Group name already exists',
  xgroupNoKey:
    'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
  entriesReadRange: 'ERR value for ENTRIESREAD must be positive or -1',
  xsetidSmaller: 'ERR The ID specified in XSETID is smaller than the target stream top item',
  xsetidEntriesAdded: 'ERR The entries_added specified in XSETID is smaller than the target stream length',
  xsetidMaxDeleted: 'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id',
  entriesAddedNegative: 'ERR entries_added must be positive',
  invalidIdleTime: 'ERR Invalid IDLE option argument for XCLAIM',
  invalidTime: 'ERR Invalid TIME option argument for XCLAIM',
  invalidRetryCount: 'ERR Invalid RETRYCOUNT option argument for XCLAIM',
  xautoclaimCount: 'ERR COUNT must be > 0',
  minIdleTime: 'ERR Invalid min-idle-time argument for XAUTOCLAIM',
  minIdleTimeClaim: 'ERR Invalid min-idle-time argument for XCLAIM',
  noSuchKey: 'ERR no such key',
  blockedKeyGone: 'UNBLOCKED the stream key no longer exists',
  blockedGroupGone: 'NOGROUP the consumer group this client was blocked on no longer exists',
} as const;

/** -NOGROUP for XREADGROUP. */
export function noGroupXreadgroup(key: string, group: string): string {
  return `NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option`;
}

/** -NOGROUP for XPENDING, XCLAIM, XAUTOCLAIM. */
export function noGroupKey(key: string, group: string): string {
  return `NOGROUP No such key '${key}' or consumer group '${group}'`;
}

/** -NOGROUP for XGROUP SETID/CREATECONSUMER/DELCONSUMER and XINFO CONSUMERS. */
export function noGroupForKey(group: string, key: string): string {
  return `NOGROUP No such consumer group '${group}' for key name '${key}'`;
}

/** XCLAIM's unknown option. */
export function xclaimBadOption(opt: string): string {
  return `ERR Unrecognized XCLAIM option '${opt}'`;
}
