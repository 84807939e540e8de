/**
 * Whole-hash tiering: the hash specifics the engine (engine.ts) delegates to.
 *
 * A hash is offloaded whole, like a string value, as the record HashValue.serialise() produces (same
 * states, small-bin pages, checksums and epochs as strings). Which hashes qualify follows Dragonfly's
 * listpack flags: every field and value at most `listpack_max_field_len` bytes and the whole record at
 * most `listpack_max_bytes` (Dragonfly offloads only its listpack-encoded maps, which those two flags
 * bound). Strata's extra setting `tiered_hash_max_bytes` (0 = listpack_max_bytes) raises the size
 * bound so larger hashes can go to disk too.
 *
 * What stays in RAM for an offloaded hash is the aux tier column: field count * 2 + encoding bit (1 =
 * hashtable). HLEN, OBJECT ENCODING and MEMORY USAGE answer from it with no disk read; TYPE, EXISTS,
 * TTL, DEL, EXPIRE never look at the value.
 *
 * Reads: the prepare stage fetches a cold hash (the entry becomes COOLED: RAM copy plus valid disk
 * copy) and read-only commands run against that copy. While offloading runs the copy serves that
 * command only (the engine drops it right after, no I/O) and a hash is never promoted on reads (it
 * would be serialised and stashed again at once). Writes: commands/hashes.ts asks the engine for a
 * HOT hash (promoteHash) before it mutates one in place, so a COOLED or STASHING copy never changes
 * under a disk record that still claims to hold it.
 */
import type { Config } from '../server/config';
import { HashValue } from '../store/hash';
import { ValueType, type CollectionValue, type Db } from '../store/keyspace';
import type { ListValue } from '../store/list';
import type { SetValue } from '../store/set';
import type { ZSetValue } from '../store/zset';

/**
 * Commands that do not need a cold hash's fields: the prepare stage does not load the hash and
 * access() answers their value lookups (peek) with a ColdHashView. The engine's own NO_LOAD list
 * (EXISTS, TYPE, TTL, DEL, EXPIRE, ...) applies to hashes as well.
 */
export const HASH_VIEW_COMMANDS: ReadonlySet<string> = new Set([
  'object|encoding',
  'object|refcount',
  'object|freq',
  'object|idletime',
  'memory|usage',
]);

/** Commands answered from the aux column for a cold hash (no load in the prepare stage). */
export const HASH_NO_LOAD: ReadonlySet<string> = new Set(['hlen', ...HASH_VIEW_COMMANDS]);

/** The live hash-offload settings (CONFIG SET changes apply at once). */
export class HashTierPolicy {
  enabled = false;
  maxField = 64;
  maxBytes = 1024;

  constructor(cfg: Config) {
    const refresh = () => {
      this.enabled = cfg.bool('tiered_experimental_hash_support');
      this.maxField = cfg.num('listpack_max_field_len');
      const extra = cfg.num('tiered_hash_max_bytes');
      this.maxBytes = extra > 0 ? extra : cfg.num('listpack_max_bytes');
    };
    refresh();
    for (const name of [
      'tiered_experimental_hash_support',
      'listpack_max_field_len',
      'listpack_max_bytes',
      'tiered_hash_max_bytes',
    ])
      cfg.onChange(name, refresh);
  }

  /** Whether `h` may go to disk now: hash support on and within the limits. */
  offloadable(h: HashValue): boolean {
    return this.enabled && h.size > 0 && h.serialisedLength(this.maxField, this.maxBytes) >= 0;
  }
}

/** The aux column value of an offloaded hash: field count * 2 + 1 when hashtable-encoded. */
export function hashAux(h: HashValue): number {
  return h.size * 2 + (h.isListpack ? 0 : 1);
}

export function auxFieldCount(aux: number): number {
  return aux >>> 1;
}

/** Decodes a hash record read from disk; an error text for a malformed record (never thrown). */
export function decodeHashRecord(buf: Buffer, from: number, to: number): HashValue | string {
  try {
    return HashValue.parse(buf.toString('latin1', from, to));
  } catch (e) {
    return `ERR tiered storage read failed: ${(e as Error).message}`;
  }
}

/**
 * What a metadata-only command (OBJECT ENCODING, MEMORY USAGE, ...) sees of a cold hash: the
 * encoding from the aux column and no RAM bytes (MEMORY USAGE of a cold hash counts RAM only). It is
 * handed out only while such a command runs (see HASH_VIEW_COMMANDS) and never stored.
 */
export class ColdHashView implements CollectionValue {
  constructor(private readonly aux: number) {}

  get bytes(): number {
    return 0;
  }

  get size(): number {
    return auxFieldCount(this.aux);
  }

  encoding(): string {
    return (this.aux & 1) === 1 ? 'hashtable' : 'listpack';
  }

  clone(): CollectionValue {
    throw new Error('an offloaded hash has no RAM copy to clone');
  }
}

// -------------------------------------------------------------------------------------------------
// SORT ... BY / GET lookups for the prepare stage
// -------------------------------------------------------------------------------------------------

/** SORT sources larger than this are not scanned ahead: their lookups fall back to synchronous reads. */
export const SORT_PREFETCH_MAX = 4096;

/**
 * The keys a SORT/SORT_RO will read through its BY and GET patterns (strings, or hashes with
 * "->field"), so the prepare stage can fetch the cold ones first and SORT runs without a blocking
 * read. Mirrors commands/sort.ts's pattern rule: the first '*' takes the element; '#' and patterns
 * without '*' read nothing. Empty when the source is missing, not a list/set/zset, or too large.
 */
export function sortLookupKeys(db: Db, argv: readonly string[]): string[] {
  const patterns: string[] = [];
  for (let j = 2; j + 1 < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === 'by' || opt === 'get') {
      const p = argv[++j];
      if (p !== '#' && p.includes('*')) patterns.push(p);
    } else if (opt === 'limit') j += 2;
    else if (opt === 'store') j++;
  }
  if (patterns.length === 0) return [];
  const source = db.peek(argv[1]);
  if (source === undefined) return [];
  const elements: string[] = [];
  if (source.type === ValueType.List) {
    const list = source.value as ListValue;
    if (list.length > SORT_PREFETCH_MAX) return [];
    list.visit(0, list.length, false, (v) => elements.push(v));
  } else if (source.type === ValueType.Set) {
    const set = source.value as SetValue;
    if (set.size > SORT_PREFETCH_MAX) return [];
    for (let i = 0; i < set.size; i++) elements.push(set.memberAt(i));
  } else if (source.type === ValueType.ZSet) {
    const zset = source.value as ZSetValue;
    if (zset.size > SORT_PREFETCH_MAX) return [];
    for (let i = 0; i < zset.size; i++) elements.push(zset.slotNode(i).member);
  } else return [];
  const keys: string[] = [];
  for (const p of patterns) {
    const star = p.indexOf('*');
    const arrow = p.indexOf('->', star + 1);
    const end = arrow >= 0 && arrow + 2 < p.length ? arrow : p.length;
    const head = p.slice(0, star);
    const tail = p.slice(star + 1, end);
    for (const e of elements) keys.push(head + e + tail);
  }
  return keys;
}
