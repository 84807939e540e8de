// The one place that knows the tiering settings: defaults, ranges, the merge of the layers
// (built-in defaults <- tenant defaults <- datastore overrides) and the strata-server flag and
// CONFIG names. The control plane and the node agent both use it; strata/v1/tiering.proto documents
// the same facts for API users.

import type { TieringSettings } from './generated/strata/v1/TieringSettings';

/** Tiering settings with every field present: what a datastore actually runs with. */
export interface EffectiveTiering {
  enabled: boolean;
  offloadThreshold: number;
  uploadThreshold: number;
  minValueSize: number;
  maxFileSize: number;
  cooling: boolean;
  maxPendingStashBytes: number;
  minTtlToOffloadMs: number;
  lists: { enabled: boolean; threshold: number };
  hashes: { enabled: boolean; maxBytes: number; maxFieldLen: number };
}

/** A partial override as it arrives over gRPC (decoded message) or JSON: absent means inherit. */
export type TieringOverride = TieringSettings | null | undefined;

type FieldKind = 'bool' | 'ratio' | 'uint32' | 'uint64';

/** One leaf of TieringSettings. */
export interface TieringField {
  /** Path in JavaScript objects (LOADER_OPTIONS: lowerCamelCase), e.g. 'lists.threshold'. */
  readonly path: string;
  /** Path in the .proto (snake_case), e.g. 'hashes.max_field_len': the name errors report. */
  readonly protoPath: string;
  readonly kind: FieldKind;
  readonly defaultValue: boolean | number;
  /** Inclusive bounds for numbers; zeroAllowed admits 0 below min (0 = "automatic"). */
  readonly min?: number;
  readonly max?: number;
  readonly zeroAllowed?: boolean;
  /** strata-server flag and CONFIG name (Dragonfly's names). */
  readonly serverName: string;
  /** Whether CONFIG SET changes it on a running server; otherwise a restart is needed. */
  readonly live: boolean;
  readonly description: string;
}

const UINT32_MAX = 0xffffffff;
const INT32_MAX = 0x7fffffff;
const UINT64_SAFE_MAX = Number.MAX_SAFE_INTEGER;
const MIB = 1024 * 1024;

/** Every tiering setting, in .proto order. */
export const TIERING_FIELDS: readonly TieringField[] = Object.freeze([
  {
    path: 'enabled',
    protoPath: 'enabled',
    kind: 'bool',
    defaultValue: false,
    serverName: 'tiered_prefix',
    live: false,
    description: 'Offload values to the NVMe tier (sets --tiered_prefix; the tier file is opened at start)',
  },
  {
    path: 'offloadThreshold',
    protoPath: 'offload_threshold',
    kind: 'ratio',
    defaultValue: 0.5,
    min: 0,
    max: 1,
    serverName: 'tiered_offload_threshold',
    live: true,
    description: 'Free-memory ratio under which offloading runs',
  },
  {
    path: 'uploadThreshold',
    protoPath: 'upload_threshold',
    kind: 'ratio',
    defaultValue: 0.1,
    min: 0,
    max: 1,
    serverName: 'tiered_upload_threshold',
    live: true,
    description: 'Free-memory ratio under which reads stop promoting values to RAM',
  },
  {
    path: 'minValueSize',
    protoPath: 'min_value_size',
    kind: 'uint32',
    defaultValue: 64,
    min: 0,
    max: UINT32_MAX,
    serverName: 'tiered_min_value_size',
    live: true,
    description: 'Values smaller than this many bytes stay in RAM',
  },
  {
    path: 'maxFileSize',
    protoPath: 'max_file_size',
    kind: 'uint64',
    defaultValue: 0,
    min: MIB,
    max: UINT64_SAFE_MAX,
    zeroAllowed: true,
    serverName: 'tiered_max_file_size',
    live: true,
    description: 'Largest tier file in bytes; 0 = 80% of the filesystem',
  },
  {
    path: 'cooling',
    protoPath: 'cooling',
    kind: 'bool',
    defaultValue: true,
    serverName: 'tiered_experimental_cooling',
    live: true,
    description: 'Keep a RAM copy of offloaded values until memory is needed',
  },
  {
    path: 'maxPendingStashBytes',
    protoPath: 'max_pending_stash_bytes',
    kind: 'uint64',
    defaultValue: 262144,
    min: 4096,
    max: UINT64_SAFE_MAX,
    serverName: 'tiered_max_pending_stash_bytes',
    live: true,
    description: 'Bytes of disk writes in flight before writers are throttled',
  },
  {
    path: 'minTtlToOffloadMs',
    protoPath: 'min_ttl_to_offload_ms',
    kind: 'uint64',
    defaultValue: 5000,
    min: 0,
    max: UINT64_SAFE_MAX,
    serverName: 'tiered_min_ttl_to_offload_ms',
    live: true,
    description: 'Keys with a shorter TTL (milliseconds) are not offloaded',
  },
  {
    path: 'lists.enabled',
    protoPath: 'lists.enabled',
    kind: 'bool',
    defaultValue: false,
    serverName: 'tiered_experimental_list_support',
    live: true,
    description: 'Offload list nodes',
  },
  {
    path: 'lists.threshold',
    protoPath: 'lists.threshold',
    kind: 'uint32',
    defaultValue: 0,
    min: 0,
    max: INT32_MAX,
    serverName: 'list_tiering_threshold',
    live: true,
    description: 'List nodes kept in RAM at each end; 0 = list tiering off',
  },
  {
    path: 'hashes.enabled',
    protoPath: 'hashes.enabled',
    kind: 'bool',
    defaultValue: false,
    serverName: 'tiered_experimental_hash_support',
    live: true,
    description: 'Offload small hashes whole',
  },
  {
    path: 'hashes.maxBytes',
    protoPath: 'hashes.max_bytes',
    kind: 'uint32',
    defaultValue: 1024,
    min: 1,
    max: UINT32_MAX,
    serverName: 'listpack_max_bytes',
    live: true,
    description: 'Largest listpack-encoded hash in bytes (offloadable whole)',
  },
  {
    path: 'hashes.maxFieldLen',
    protoPath: 'hashes.max_field_len',
    kind: 'uint32',
    defaultValue: 64,
    min: 1,
    max: UINT32_MAX,
    serverName: 'listpack_max_field_len',
    live: true,
    description: 'Longest field or value in a listpack-encoded hash, in bytes',
  },
] satisfies TieringField[]);

const GROUPS = ['lists', 'hashes'] as const;

/** The built-in defaults (Dragonfly's flag defaults; tiering itself off). */
export const TIERING_DEFAULTS: Readonly<EffectiveTiering> = Object.freeze(
  buildEffective((field) => field.defaultValue),
);

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/** What is wrong with a settings message, naming the field. */
export interface TieringViolation {
  /** Proto field path with the caller's prefix, e.g. 'tiering.lists.threshold'. */
  field: string;
  /** The same path in JavaScript/JSON (lowerCamelCase), e.g. 'tiering.hashes.maxFieldLen'. */
  jsonField: string;
  message: string;
}

/**
 * Checks a partial settings message (absent fields are fine). Returns the first violation, or
 * null when every present field has the right type and range. Unknown keys are violations too.
 * `prefix` is prepended to the field names ('tiering' gives 'tiering.offload_threshold').
 */
export function validateTiering(settings: unknown, prefix = ''): TieringViolation | null {
  if (settings === null || settings === undefined) return null;
  const at = (field: { path: string; protoPath: string } | string): [string, string] => {
    const [json, proto] = typeof field === 'string' ? [field, field] : [field.path, field.protoPath];
    return prefix ? [`${prefix}.${proto}`, `${prefix}.${json}`] : [proto, json];
  };
  const violation = (field: TieringField | string, message: string): TieringViolation => {
    const [protoField, jsonField] = at(field);
    return { field: protoField, jsonField, message: `${protoField}: ${message}` };
  };
  if (!isPlainObject(settings)) return violation('', 'must be an object');

  const known = new Set<string>([...TIERING_FIELDS.map((f) => f.path.split('.')[0])]);
  for (const key of Object.keys(settings)) {
    if (!known.has(key)) return violation(key, 'unknown field');
  }
  for (const group of GROUPS) {
    const value = settings[group];
    if (value === null || value === undefined) continue;
    if (!isPlainObject(value)) return violation(group, 'must be an object');
    const groupKeys = new Set(
      TIERING_FIELDS.filter((f) => f.path.startsWith(`${group}.`)).map((f) => f.path.slice(group.length + 1)),
    );
    for (const key of Object.keys(value)) {
      if (!groupKeys.has(key)) return violation(`${group}.${key}`, 'unknown field');
    }
  }

  for (const field of TIERING_FIELDS) {
    const raw = readPath(settings, field.path);
    if (raw === undefined || raw === null) continue;
    const problem = checkValue(field, raw);
    if (problem) return violation(field, problem);
  }
  return null;
}

function checkValue(field: TieringField, raw: unknown): string | null {
  if (field.kind === 'bool') return typeof raw === 'boolean' ? null : 'must be true or false';
  const value = toNumber(raw);
  if (value === null) return 'must be a number';
  if (field.kind !== 'ratio' && !Number.isInteger(value)) return 'must be a whole number';
  const min = field.min ?? 0;
  const max = field.max ?? UINT64_SAFE_MAX;
  if (field.zeroAllowed && value === 0) return null;
  if (value < min || value > max) {
    const range = field.zeroAllowed ? `0 or between ${min} and ${max}` : `between ${min} and ${max}`;
    return `must be ${range}, got ${value}`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Merge
// ---------------------------------------------------------------------------------------------

/**
 * Effective settings: the built-in defaults, then each layer in turn (for example the tenant's
 * defaults, then the datastore's overrides); a field present in a later layer wins. Layers must have
 * passed validateTiering.
 */
export function mergeTiering(...layers: readonly unknown[]): EffectiveTiering {
  return buildEffective((field) => {
    let value: boolean | number = field.defaultValue;
    for (const layer of layers) {
      const raw = isPlainObject(layer) ? readPath(layer, field.path) : undefined;
      if (raw === undefined || raw === null) continue;
      value = field.kind === 'bool' ? Boolean(raw) : (toNumber(raw) ?? value);
    }
    return value;
  });
}

/** The settings as a full message (every field present), for responses. */
export function toTieringSettings(effective: EffectiveTiering): TieringSettings {
  return {
    ...effective,
    lists: { ...effective.lists },
    hashes: { ...effective.hashes },
  };
}

/** Whether two effective settings are the same. */
export function sameTiering(a: EffectiveTiering, b: EffectiveTiering): boolean {
  return TIERING_FIELDS.every((f) => readPath(a, f.path) === readPath(b, f.path));
}

// ---------------------------------------------------------------------------------------------
// strata-server flags and CONFIG names
// ---------------------------------------------------------------------------------------------

/** A server setting by its CONFIG name, with the value as CONFIG SET/GET spell it. */
export interface ServerSetting {
  name: string;
  value: string;
  /** The TieringField path it comes from. */
  path: string;
  live: boolean;
}

/** Every tiering setting except tiered_prefix, by server name, in .proto order. */
export function tieringServerSettings(effective: EffectiveTiering): ServerSetting[] {
  return TIERING_FIELDS.filter((f) => f.path !== 'enabled').map((f) => ({
    name: f.serverName,
    value: formatServerValue(readPath(effective, f.path) as boolean | number),
    path: f.path,
    live: f.live,
  }));
}

/**
 * strata-server command-line flags for these settings: `--tiered_prefix <tierPrefix>` when tiering
 * is enabled, then every other tiering flag (`--name value`), so CONFIG GET shows what was asked.
 */
export function tieringServerArgs(effective: EffectiveTiering, tierPrefix: string): string[] {
  const args: string[] = [];
  if (effective.enabled) args.push('--tiered_prefix', tierPrefix);
  for (const setting of tieringServerSettings(effective)) args.push(`--${setting.name}`, setting.value);
  return args;
}

/** What changes between two effective settings: CONFIG SETs to run, and fields needing a restart. */
export interface TieringChange {
  live: ServerSetting[];
  restart: { path: string; protoPath: string; serverName: string }[];
}

export function diffTiering(from: EffectiveTiering, to: EffectiveTiering): TieringChange {
  const change: TieringChange = { live: [], restart: [] };
  for (const field of TIERING_FIELDS) {
    const before = readPath(from, field.path);
    const after = readPath(to, field.path) as boolean | number;
    if (before === after) continue;
    // Changing a live setting of a server without tiering still goes through CONFIG SET.
    if (field.live) {
      change.live.push({
        name: field.serverName,
        value: formatServerValue(after),
        path: field.path,
        live: true,
      });
    } else {
      change.restart.push({ path: field.path, protoPath: field.protoPath, serverName: field.serverName });
    }
  }
  return change;
}

/** How flags and CONFIG SET spell a value: true/false, integers, decimals. */
export function formatServerValue(value: boolean | number): string {
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function buildEffective(valueOf: (field: TieringField) => boolean | number): EffectiveTiering {
  const out: Record<string, unknown> = { lists: {}, hashes: {} };
  for (const field of TIERING_FIELDS) {
    const [head, leaf] = field.path.split('.');
    if (leaf === undefined) out[head] = valueOf(field);
    else (out[head] as Record<string, unknown>)[leaf] = valueOf(field);
  }
  return out as unknown as EffectiveTiering;
}

function readPath(obj: object, path: string): unknown {
  let current: unknown = obj;
  for (const key of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Numbers, and decimal strings (the proto3 JSON form of 64-bit integers). */
function toNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) return Number(raw);
  return null;
}
