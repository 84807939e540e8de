/**
 * Configuration: one table of settings shared by the command line (--name value), CONFIG GET/SET
 * and INFO. Names follow Redis (hyphenated) and Dragonfly (underscored, the tiered_* family); lookups
 * accept either separator. Values are validated with Redis's error texts.
 */

export type ConfigType = 'bool' | 'int' | 'memory' | 'float' | 'enum' | 'string';

export interface ConfigDef {
  name: string;
  aliases?: readonly string[];
  type: ConfigType;
  default: string;
  min?: number;
  max?: number;
  values?: readonly string[];
  /** Settable at run time with CONFIG SET. */
  mutable: boolean;
  /** Maps an accepted value to the one stored (e.g. clamping). */
  normalize?: (value: string) => string;
  /** Extra validation; returns an error text ("argument must be ...") or undefined. */
  validate?: (value: string) => string | undefined;
  /** A secret: CONFIG SET hides its value from SLOWLOG and MONITOR (Redis's SENSITIVE_CONFIG). */
  sensitive?: boolean;
  help: string;
}

const MAXMEMORY_POLICIES = [
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'noeviction',
] as const;
export type MaxmemoryPolicy = (typeof MAXMEMORY_POLICIES)[number];

const INT_MAX = 2147483647;
const LLONG_MAX = Number.MAX_SAFE_INTEGER;

export const CONFIG_DEFS: readonly ConfigDef[] = [
  // --- network and clients ---
  { name: 'port', type: 'int', default: '6379', min: 0, max: 65535, mutable: false, help: 'TCP port' },
  {
    name: 'bind',
    type: 'string',
    default: '127.0.0.1',
    mutable: false,
    help: 'addresses to listen on (space separated)',
  },
  {
    name: 'maxclients',
    type: 'int',
    default: '10000',
    min: 1,
    max: INT_MAX,
    mutable: true,
    help: 'connection limit',
  },
  {
    name: 'timeout',
    type: 'int',
    default: '0',
    min: 0,
    max: INT_MAX,
    mutable: true,
    help: 'idle client timeout, seconds (0 = never)',
  },
  {
    name: 'tcp-keepalive',
    type: 'int',
    default: '300',
    min: 0,
    max: INT_MAX,
    mutable: true,
    help: 'TCP keepalive, seconds',
  },
  {
    name: 'tcp-backlog',
    type: 'int',
    default: '511',
    min: 0,
    max: INT_MAX,
    mutable: false,
    help: 'listen backlog',
  },
  { name: 'protected-mode', type: 'bool', default: 'no', mutable: true, help: 'accepted for compatibility' },
  {
    name: 'requirepass',
    type: 'string',
    default: '',
    mutable: true,
    sensitive: true,
    help: "the default user's password",
  },
  // --- TLS for client connections (Redis's names; applied by server/tls.ts) ---
  {
    name: 'tls-port',
    type: 'int',
    default: '0',
    min: 0,
    max: 65535,
    mutable: false,
    help: 'TLS port (0 = no TLS listener); with --port 0 only TLS is served',
  },
  { name: 'tls-cert-file', type: 'string', default: '', mutable: true, help: 'server certificate (PEM)' },
  { name: 'tls-key-file', type: 'string', default: '', mutable: true, help: 'server private key (PEM)' },
  {
    name: 'tls-key-file-pass',
    type: 'string',
    default: '',
    mutable: true,
    sensitive: true,
    help: 'passphrase of an encrypted tls-key-file',
  },
  {
    name: 'tls-ca-cert-file',
    type: 'string',
    default: '',
    mutable: true,
    help: 'CA certificates that client certificates must chain to (PEM)',
  },
  {
    name: 'tls-ca-cert-dir',
    type: 'string',
    default: '',
    mutable: true,
    help: 'directory of CA certificates (every PEM file in it is loaded)',
  },
  {
    name: 'tls-auth-clients',
    type: 'enum',
    default: 'yes',
    values: ['no', 'yes', 'optional'],
    mutable: true,
    help: 'client certificates: yes = required, optional = verified when sent, no = not asked',
  },
  {
    name: 'tls-protocols',
    type: 'string',
    default: '',
    mutable: true,
    help: 'space-separated TLSv1 TLSv1.1 TLSv1.2 TLSv1.3 ("" = TLSv1.2 TLSv1.3)',
  },
  {
    name: 'tls-ciphers',
    type: 'string',
    default: '',
    mutable: true,
    help: 'OpenSSL cipher list for TLSv1.2 and below ("" = Node\'s default)',
  },
  {
    name: 'tls-ciphersuites',
    type: 'string',
    default: '',
    mutable: true,
    help: 'TLSv1.3 cipher suites ("" = Node\'s default)',
  },
  {
    name: 'tls-prefer-server-ciphers',
    type: 'bool',
    default: 'no',
    mutable: true,
    help: "choose the cipher by the server's order",
  },
  {
    name: 'tls-session-caching',
    type: 'bool',
    default: 'yes',
    mutable: true,
    help: 'allow TLS session resumption (tickets)',
  },
  {
    name: 'tls-session-cache-timeout',
    type: 'int',
    default: '300',
    min: 0,
    max: INT_MAX,
    mutable: true,
    help: 'TLS session lifetime, seconds',
  },
  {
    name: 'tls-dh-params-file',
    type: 'string',
    default: '',
    mutable: true,
    help: 'DH parameters (PEM) for DHE ciphers ("" = automatic)',
  },
  {
    name: 'acllog-max-len',
    type: 'int',
    default: '128',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'entries kept in the ACL LOG',
  },
  {
    name: 'hll-sparse-max-bytes',
    type: 'memory',
    default: '3000',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'largest sparse HyperLogLog before it turns dense',
  },
  {
    name: 'proto-max-bulk-len',
    type: 'memory',
    default: '512mb',
    min: 1024 * 1024,
    max: LLONG_MAX,
    mutable: true,
    help: 'largest bulk string a client may send',
  },
  {
    name: 'client-query-buffer-limit',
    type: 'memory',
    default: '1gb',
    min: 1024 * 1024,
    max: LLONG_MAX,
    mutable: true,
    help: 'largest unparsed input kept per client',
  },
  {
    name: 'client-output-buffer-limit',
    type: 'string',
    default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    mutable: true,
    validate: validateOutputBufferLimit,
    help: '<class> <hard> <soft> <soft-seconds> ...: disconnect clients that do not read their replies',
  },
  // --- data ---
  {
    name: 'databases',
    type: 'int',
    default: '16',
    min: 1,
    max: INT_MAX,
    mutable: false,
    help: 'number of databases',
  },
  {
    name: 'maxmemory',
    type: 'memory',
    default: '0',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'memory limit for data (0 = none)',
  },
  {
    name: 'maxmemory-policy',
    type: 'enum',
    default: 'noeviction',
    values: MAXMEMORY_POLICIES,
    mutable: true,
    help: 'what happens at maxmemory',
  },
  {
    name: 'maxmemory-samples',
    type: 'int',
    default: '5',
    min: 1,
    max: 64,
    mutable: true,
    help: 'keys sampled per eviction',
  },
  {
    name: 'maxmemory-eviction-tenacity',
    type: 'int',
    default: '10',
    min: 0,
    max: 100,
    mutable: true,
    help: 'eviction effort per command',
  },
  {
    name: 'lfu-log-factor',
    type: 'int',
    default: '10',
    min: 0,
    max: INT_MAX,
    mutable: true,
    help: 'LFU counter logarithm factor',
  },
  {
    name: 'lfu-decay-time',
    type: 'int',
    default: '1',
    min: 0,
    max: INT_MAX,
    mutable: true,
    help: 'LFU counter decay, minutes',
  },
  {
    name: 'hz',
    type: 'int',
    default: '10',
    min: 0,
    max: INT_MAX,
    mutable: true,
    // Like Redis, any value is accepted and clamped to 1..500.
    normalize: (v) => String(Math.min(500, Math.max(1, Number(v)))),
    help: 'background task frequency',
  },
  {
    name: 'active-expire-effort',
    type: 'int',
    default: '1',
    min: 1,
    max: 10,
    mutable: true,
    help: 'active expiry effort',
  },
  {
    name: 'notify-keyspace-events',
    type: 'string',
    default: '',
    mutable: true,
    validate: validateNotifyFlags,
    help: 'keyspace notification classes',
  },
  {
    name: 'list-max-listpack-size',
    aliases: ['list-max-ziplist-size'],
    type: 'int',
    default: '-2',
    min: -5,
    max: INT_MAX,
    mutable: true,
    help: 'list node size (negative: -1..-5 = 4..64 KiB)',
  },
  {
    name: 'stream-node-max-bytes',
    type: 'memory',
    default: '4096',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'stream node size limit in bytes (0: none)',
  },
  {
    name: 'stream-node-max-entries',
    type: 'int',
    default: '100',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'entries per stream node (0: no limit)',
  },
  {
    name: 'list-compress-depth',
    type: 'int',
    default: '0',
    min: 0,
    max: INT_MAX,
    mutable: true,
    help: 'accepted for compatibility',
  },
  {
    name: 'hash-max-listpack-entries',
    aliases: ['hash-max-ziplist-entries'],
    type: 'int',
    default: '128',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'small-hash encoding entry limit',
  },
  {
    name: 'hash-max-listpack-value',
    aliases: ['hash-max-ziplist-value'],
    type: 'int',
    default: '64',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'small-hash encoding value limit',
  },
  {
    name: 'set-max-intset-entries',
    type: 'int',
    default: '512',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'intset encoding entry limit',
  },
  {
    name: 'zset-max-listpack-entries',
    aliases: ['zset-max-ziplist-entries'],
    type: 'int',
    default: '128',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'small-zset encoding entry limit',
  },
  {
    name: 'zset-max-listpack-value',
    aliases: ['zset-max-ziplist-value'],
    type: 'int',
    default: '64',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'small-zset encoding value limit',
  },
  {
    name: 'lazyfree-lazy-user-del',
    type: 'bool',
    default: 'no',
    mutable: true,
    help: 'accepted for compatibility',
  },
  {
    name: 'lazyfree-lazy-user-flush',
    type: 'bool',
    default: 'no',
    mutable: true,
    help: 'accepted for compatibility',
  },
  {
    name: 'lazyfree-lazy-eviction',
    type: 'bool',
    default: 'no',
    mutable: true,
    help: 'accepted for compatibility',
  },
  {
    name: 'lazyfree-lazy-expire',
    type: 'bool',
    default: 'no',
    mutable: true,
    help: 'accepted for compatibility',
  },
  // --- observability ---
  {
    name: 'slowlog-log-slower-than',
    type: 'int',
    default: '10000',
    min: -1,
    max: LLONG_MAX,
    mutable: true,
    help: 'microseconds',
  },
  {
    name: 'slowlog-max-len',
    type: 'int',
    default: '128',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'entries kept',
  },
  {
    name: 'latency-tracking',
    type: 'bool',
    default: 'yes',
    mutable: true,
    help: 'per-command latency percentiles',
  },
  {
    name: 'loglevel',
    type: 'enum',
    default: 'notice',
    values: ['debug', 'verbose', 'notice', 'warning', 'nothing'],
    mutable: true,
    help: 'log verbosity',
  },
  { name: 'logfile', type: 'string', default: '', mutable: false, help: 'log file ("" = stdout)' },
  {
    name: 'busy-reply-threshold',
    aliases: ['lua-time-limit'],
    type: 'int',
    default: '5000',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'script time limit, ms',
  },
  // --- persistence placeholders (Strata has no RDB/AOF; clients and tools read these) ---
  {
    name: 'save',
    type: 'string',
    default: '',
    mutable: true,
    help: 'accepted for compatibility; no snapshots are written',
  },
  {
    name: 'appendonly',
    type: 'bool',
    default: 'no',
    mutable: true,
    validate: (v) => (v === 'no' ? undefined : 'appendonly is not supported'),
    help: 'always no',
  },
  { name: 'dir', type: 'string', default: '.', mutable: true, help: 'working directory' },
  {
    name: 'dbfilename',
    type: 'string',
    default: 'dump.rdb',
    mutable: true,
    help: 'accepted for compatibility',
  },
  {
    name: 'daemonize',
    type: 'bool',
    default: 'no',
    mutable: false,
    validate: (v) => (v === 'no' ? undefined : 'daemonize is not supported'),
    help: 'always no',
  },
  {
    name: 'enable-debug-command',
    type: 'enum',
    default: 'no',
    values: ['no', 'yes', 'local'],
    mutable: false,
    help: 'allow DEBUG: no, yes, or local (loopback connections only), as in Redis 7',
  },
  // --- tiering (Dragonfly's names and defaults) ---
  {
    name: 'tiered_prefix',
    type: 'string',
    default: '',
    mutable: false,
    help: 'tier file prefix; empty turns tiering off',
  },
  {
    name: 'tiered_max_file_size',
    type: 'memory',
    default: '0',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'tier file limit (0 = 80% of the filesystem)',
  },
  {
    name: 'tiered_offload_threshold',
    type: 'float',
    default: '0.5',
    min: 0,
    max: 1,
    mutable: true,
    help: 'free-memory ratio under which values are offloaded',
  },
  {
    name: 'tiered_upload_threshold',
    type: 'float',
    default: '0.1',
    min: 0,
    max: 1,
    mutable: true,
    help: 'free-memory ratio under which reads stop promoting values',
  },
  {
    name: 'tiered_min_value_size',
    type: 'memory',
    default: '64',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'smallest value offloaded',
  },
  {
    name: 'tiered_max_pending_stash_bytes',
    type: 'memory',
    default: '262144',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'in-flight write budget before writers are throttled',
  },
  {
    name: 'tiered_experimental_cooling',
    type: 'bool',
    default: 'true',
    mutable: true,
    help: 'keep offloaded values in RAM until memory is needed',
  },
  {
    name: 'tiered_min_ttl_to_offload_ms',
    type: 'int',
    default: '5000',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'values expiring sooner stay in RAM',
  },
  {
    name: 'tiered_experimental_list_support',
    type: 'bool',
    default: 'false',
    mutable: true,
    help: 'offload the middle of long lists',
  },
  {
    name: 'list_tiering_threshold',
    type: 'int',
    default: '0',
    min: 0,
    max: INT_MAX,
    mutable: true,
    help: 'list nodes kept in RAM at each end (0 = off)',
  },
  {
    name: 'tiered_experimental_hash_support',
    type: 'bool',
    default: 'false',
    mutable: true,
    help: 'offload small hashes whole',
  },
  {
    name: 'listpack_max_bytes',
    type: 'memory',
    default: '1024',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'largest hash offloaded whole',
  },
  {
    name: 'listpack_max_field_len',
    type: 'int',
    default: '64',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'largest hash field offloaded',
  },
  {
    // Strata extra: lets hashes larger than listpack_max_bytes go to disk whole as well.
    name: 'tiered_hash_max_bytes',
    type: 'memory',
    default: '0',
    min: 0,
    max: LLONG_MAX,
    mutable: true,
    help: 'largest hash record offloaded whole (0 = listpack_max_bytes)',
  },
];

/** Canonical form for lookups: lower case, '_' and '-' equivalent. */
function canon(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

/** Parses Redis memory units: b, k=1000, kb=1024, m, mb, g, gb. Returns null when invalid. */
export function parseMemory(s: string): number | null {
  const m = /^(\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'b').toLowerCase();
  const mul: Record<string, number> = {
    b: 1,
    k: 1e3,
    kb: 1024,
    m: 1e6,
    mb: 1024 ** 2,
    g: 1e9,
    gb: 1024 ** 3,
  };
  const v = n * mul[unit];
  return Number.isSafeInteger(v) ? v : null;
}

function parseBool(s: string): boolean | null {
  const v = s.toLowerCase();
  if (v === 'yes' || v === 'true' || v === '1') return true;
  if (v === 'no' || v === 'false' || v === '0') return false;
  return null;
}

function validateNotifyFlags(v: string): string | undefined {
  return /^[KEg$lshzxetmdnA]*$/.test(v) ? undefined : "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
}

function validateOutputBufferLimit(v: string): string | undefined {
  const parts = v.trim().split(/\s+/).filter(Boolean);
  if (parts.length % 4 !== 0) return 'Wrong number of arguments in buffer limit configuration.';
  for (let i = 0; i < parts.length; i += 4) {
    if (!['normal', 'slave', 'replica', 'pubsub', 'master'].includes(parts[i].toLowerCase()))
      return 'Invalid client class specified in buffer limit configuration.';
    if (
      parseMemory(parts[i + 1]) === null ||
      parseMemory(parts[i + 2]) === null ||
      !/^\d+$/.test(parts[i + 3])
    )
      return 'Error in hard, soft or soft_seconds setting in buffer limit configuration.';
  }
  return undefined;
}

export interface OutputBufferLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

export class Config {
  private readonly defs = new Map<string, ConfigDef>();
  private readonly values = new Map<string, string>();
  private readonly numCache = new Map<string, number>();
  /** Called after a successful CONFIG SET (or start-up value), by canonical name. */
  private readonly watchers = new Map<string, ((value: string) => void)[]>();
  /**
   * Redis's apply functions: run once per CONFIG SET after the new values are stored; an error text
   * restores every value of that SET (and re-runs the applier with them) and fails the command.
   */
  private readonly appliers = new Map<string, () => string | undefined>();

  constructor() {
    for (const def of CONFIG_DEFS) {
      this.defs.set(canon(def.name), def);
      for (const a of def.aliases ?? []) this.defs.set(canon(a), def);
      this.values.set(def.name, def.default);
    }
  }

  def(name: string): ConfigDef | undefined {
    return this.defs.get(canon(name));
  }

  all(): readonly ConfigDef[] {
    return CONFIG_DEFS;
  }

  get(name: string): string {
    const def = this.def(name);
    if (!def) throw new Error(`unknown config ${name}`);
    return this.values.get(def.name)!;
  }

  /** Numeric value of a setting; cached per asked name (hot paths read settings per command). */
  num(name: string): number {
    const cached = this.numCache.get(name);
    if (cached !== undefined) return cached;
    const def = this.def(name)!;
    const v = this.get(name);
    const n =
      def.type === 'memory' ? parseMemory(v)! : def.type === 'bool' ? (parseBool(v) ? 1 : 0) : Number(v);
    this.numCache.set(name, n);
    return n;
  }

  bool(name: string): boolean {
    return parseBool(this.get(name)) === true;
  }

  /** Registers an apply function for settings (see `appliers`); not run for start-up values. */
  onApply(names: readonly string[], fn: () => string | undefined): void {
    for (const name of names) this.appliers.set(this.def(name)!.name, fn);
  }

  onChange(name: string, fn: (value: string) => void): void {
    const key = this.def(name)!.name;
    const list = this.watchers.get(key) ?? [];
    list.push(fn);
    this.watchers.set(key, list);
  }

  /** Validates a value for a setting; returns the normalised value or an error text. */
  check(def: ConfigDef, raw: string): { value: string } | { error: string } {
    switch (def.type) {
      case 'bool': {
        const b = parseBool(raw);
        if (b === null) return { error: "argument must be 'yes' or 'no'" };
        return { value: def.default === 'true' || def.default === 'false' ? String(b) : b ? 'yes' : 'no' };
      }
      case 'int': {
        if (!/^-?\d+$/.test(raw.trim())) return { error: "argument couldn't be parsed into an integer" };
        const n = Number(raw);
        if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max))
          return { error: `argument must be between ${def.min} and ${def.max} inclusive` };
        return { value: String(n) };
      }
      case 'memory': {
        const n = parseMemory(raw);
        if (n === null) return { error: 'argument must be a memory value' };
        if (
          (def.min !== undefined && n < def.min && !(def.name === 'maxmemory' && n === 0)) ||
          (def.max !== undefined && n > def.max)
        )
          return { error: `argument must be between ${def.min} and ${def.max} inclusive` };
        return { value: String(n) };
      }
      case 'float': {
        const n = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(n)) return { error: 'argument must be a number' };
        if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max))
          return { error: `argument must be between ${def.min} and ${def.max} inclusive` };
        return { value: String(n) };
      }
      case 'enum': {
        const v = raw.toLowerCase();
        if (!def.values!.includes(v))
          return { error: `argument(s) must be one of the following: ${def.values!.join(', ')}` };
        return { value: v };
      }
      case 'string': {
        const err = def.validate?.(raw);
        return err ? { error: err } : { value: raw };
      }
    }
  }

  /**
   * CONFIG SET of several pairs, all or nothing. Returns an error reply text or undefined.
   */
  setMany(pairs: [string, string][], startup = false): string | undefined {
    const seen = new Set<string>();
    const staged: [ConfigDef, string][] = [];
    for (const [name, raw] of pairs) {
      const def = this.def(name);
      if (!def) return `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`;
      if (seen.has(def.name))
        return `ERR CONFIG SET failed (possibly related to argument '${name}') - duplicate parameter`;
      seen.add(def.name);
      if (!def.mutable && !startup)
        return `ERR CONFIG SET failed (possibly related to argument '${name}') - can't set immutable config`;
      const r = this.check(def, raw);
      if ('error' in r) return `ERR CONFIG SET failed (possibly related to argument '${name}') - ${r.error}`;
      if (def.type !== 'string' && def.validate) {
        const err = def.validate(r.value);
        if (err) return `ERR CONFIG SET failed (possibly related to argument '${name}') - ${err}`;
      }
      staged.push([def, def.normalize ? def.normalize(r.value) : r.value]);
    }
    if (!startup) {
      const err = this.applyStaged(staged, pairs);
      if (err !== undefined) return err;
    }
    this.numCache.clear();
    for (const [def, value] of staged) {
      this.values.set(def.name, value);
      for (const fn of this.watchers.get(def.name) ?? []) fn(value);
    }
    return undefined;
  }

  /** Stores the staged values and runs their apply functions; on an error puts the old values back. */
  private applyStaged(staged: [ConfigDef, string][], pairs: [string, string][]): string | undefined {
    const run: (() => string | undefined)[] = [];
    for (const [def] of staged) {
      const fn = this.appliers.get(def.name);
      if (fn && !run.includes(fn)) run.push(fn);
    }
    if (run.length === 0) return undefined;
    const old = staged.map(([def]) => this.values.get(def.name)!);
    this.numCache.clear();
    staged.forEach(([def, value]) => this.values.set(def.name, value));
    for (const fn of run) {
      const err = fn();
      if (err === undefined) continue;
      staged.forEach(([def], i) => this.values.set(def.name, old[i]));
      this.numCache.clear();
      for (const undo of run) undo();
      const name = pairs[staged.findIndex(([def]) => this.appliers.get(def.name) === fn)][0];
      return `ERR CONFIG SET failed (possibly related to argument '${name}') - ${err}`;
    }
    return undefined;
  }

  /** Names and values matching a glob, for CONFIG GET (aliases match too, reported by the asked name). */
  matching(pattern: string, match: (pattern: string, s: string) => boolean): [string, string][] {
    const out = new Map<string, string>();
    for (const def of CONFIG_DEFS) {
      for (const n of [def.name, ...(def.aliases ?? [])]) {
        if (match(pattern, n)) out.set(n, this.values.get(def.name)!);
      }
    }
    return [...out];
  }

  outputBufferLimit(cls: 'normal' | 'pubsub' | 'replica'): OutputBufferLimit {
    const parts = this.get('client-output-buffer-limit').trim().split(/\s+/);
    let found: OutputBufferLimit = { hard: 0, soft: 0, softSeconds: 0 };
    for (let i = 0; i + 3 < parts.length; i += 4) {
      let c = parts[i].toLowerCase();
      if (c === 'slave') c = 'replica';
      if (c === cls)
        found = {
          hard: parseMemory(parts[i + 1])!,
          soft: parseMemory(parts[i + 2])!,
          softSeconds: Number(parts[i + 3]),
        };
    }
    return found;
  }
}

/**
 * Parses command-line flags: `--name value`, `--name=value`, bare `--bool_flag` (true) and
 * Dragonfly's `--nobool_flag` (false). Throws an Error with a clear message on anything unknown.
 */
export function parseArgs(argv: readonly string[], config: Config): void {
  const pairs: [string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}' (flags look like --port 6379)`);
    let name = arg.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    let def = config.def(name);
    if (!def && name.startsWith('no') && config.def(name.slice(2))?.type === 'bool' && value === undefined) {
      def = config.def(name.slice(2))!;
      value = 'false';
    }
    if (!def) throw new Error(`unknown flag --${name} (run with --help for the list)`);
    if (value === undefined) {
      const nextArg = argv[i + 1];
      if (def.type === 'bool' && (nextArg === undefined || nextArg.startsWith('--'))) value = 'true';
      else if (nextArg === undefined) throw new Error(`flag --${name} needs a value`);
      else value = argv[++i];
    }
    const r = config.check(def, value);
    if ('error' in r) throw new Error(`invalid value '${value}' for --${name}: ${r.error}`);
    pairs.push([def.name, value]);
  }
  const err = config.setMany(pairs, true);
  if (err) throw new Error(err.replace(/^ERR /, ''));
}

export function helpText(): string {
  const lines = ['usage: strata-server [--flag value ...]', ''];
  for (const d of CONFIG_DEFS) {
    lines.push(`  --${d.name.padEnd(34)} ${d.help} (default ${JSON.stringify(d.default)})`);
  }
  return lines.join('\n');
}
