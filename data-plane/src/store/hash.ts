/**
 * The hash value. Two encodings, named and chosen as Redis 7.0 names and chooses them:
 *
 * - 'listpack': a flat array of field/value pairs in insertion order, searched linearly (Redis's
 *   listpack is searched linearly too, and its order is what HGETALL/HKEYS/HVALS/HSCAN show for small
 *   hashes). Deleting a field keeps the order of the others; updating a value keeps its place.
 * - 'hashtable': the same flat pairs plus an index (field -> position), so lookups are O(1) and a
 *   random field is O(1) (HRANDFIELD on large hashes). Deletion moves the last pair into the hole.
 *
 * A hash starts as a listpack and becomes a hashtable once it has more than hash-max-listpack-entries
 * fields or a field or value longer than hash-max-listpack-value bytes; it never converts back (as in
 * Redis 7.0). The limits are passed in by the caller (they are live settings).
 *
 * For tiering, a hash serialises to one latin1 string (serialise / HashValue.parse): small hashes are
 * offloaded whole and read-only commands are answered from a parsed copy.
 */
import { stringBytes, type CollectionValue } from './keyspace';

// Accounting constants, measured on Node 20 (node --expose-gc, heapUsed over 20k hashes of 1 to 1000
// fields; within about 10% from 5 fields up): the object with its pair array, and per pair the two
// array slots with average growth slack; a hashtable adds its index (the Map, then per pair its
// OrderedHashMap entry, bucket share and slack).
const HASH_BASE_BYTES = 160;
const HASHTABLE_BASE_BYTES = 200;
const LISTPACK_PAIR_BYTES = 20;
const HASHTABLE_PAIR_BYTES = 50;

/** Serialised form: tag byte, encoding byte, varint pair count, then varint length + bytes per string. */
const SERIAL_TAG = 0x48; // 'H'
const SERIAL_LISTPACK = 0;
const SERIAL_HASHTABLE = 1;

export class HashValue implements CollectionValue {
  /** Field/value pairs, flat: [f0, v0, f1, v1, ...]. */
  private kv: string[] = [];
  /** Hashtable encoding only: field -> index of the field in kv (always even). */
  private index: Map<string, number> | null = null;
  private byteCount = HASH_BASE_BYTES;

  /** Number of fields. */
  get size(): number {
    return this.kv.length >>> 1;
  }

  get bytes(): number {
    return this.byteCount;
  }

  encoding(): 'listpack' | 'hashtable' {
    return this.index === null ? 'listpack' : 'hashtable';
  }

  get isListpack(): boolean {
    return this.index === null;
  }

  // ---------------------------------------------------------------------------------------------
  // Lookups
  // ---------------------------------------------------------------------------------------------

  /** Position of a field in the pair array, -1 when absent. */
  private find(field: string): number {
    if (this.index !== null) return this.index.get(field) ?? -1;
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) if (kv[i] === field) return i;
    return -1;
  }

  get(field: string): string | undefined {
    const i = this.find(field);
    return i < 0 ? undefined : this.kv[i + 1];
  }

  has(field: string): boolean {
    return this.find(field) >= 0;
  }

  /** The field of the n-th pair (0 <= n < size), in the hash's iteration order. */
  fieldAt(n: number): string {
    return this.kv[2 * n];
  }

  /** The value of the n-th pair. */
  valueAt(n: number): string {
    return this.kv[2 * n + 1];
  }

  /** A uniformly random pair number (the hash must not be empty). O(1) in both encodings. */
  randomPair(): number {
    return (Math.random() * this.size) | 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes
  // ---------------------------------------------------------------------------------------------

  /**
   * Converts a listpack to a hashtable when any of argv[from..to] is longer than maxValue: what Redis
   * checks over all fields and values of HSET/HMSET/HSETNX before writing.
   */
  convertIfAnyLonger(argv: readonly string[], from: number, to: number, maxValue: number): void {
    if (this.index !== null) return;
    for (let i = from; i <= to; i++) {
      if (argv[i].length > maxValue) {
        this.toHashtable();
        return;
      }
    }
  }

  /**
   * Sets a field. Returns true when the field was created, false when its value was replaced.
   * Converts to a hashtable when the pair is too long for a listpack or the hash outgrows maxEntries.
   */
  set(field: string, value: string, maxEntries: number, maxValue: number): boolean {
    if (this.index === null && (field.length > maxValue || value.length > maxValue)) this.toHashtable();
    const i = this.find(field);
    if (i >= 0) {
      const old = this.kv[i + 1];
      this.kv[i + 1] = value;
      this.byteCount += stringBytes(value.length) - stringBytes(old.length);
      return false;
    }
    this.kv.push(field, value);
    this.byteCount += this.pairBytes(field, value);
    if (this.index !== null) this.index.set(field, this.kv.length - 2);
    else if (this.size > maxEntries) this.toHashtable();
    return true;
  }

  /** Removes a field; returns whether it existed. */
  delete(field: string): boolean {
    const i = this.find(field);
    if (i < 0) return false;
    const kv = this.kv;
    this.byteCount -= this.pairBytes(kv[i], kv[i + 1]);
    if (this.index === null) {
      kv.splice(i, 2); // listpack: the others keep their order
    } else {
      this.index.delete(field);
      const last = kv.length - 2;
      if (i !== last) {
        kv[i] = kv[last];
        kv[i + 1] = kv[last + 1];
        this.index.set(kv[i], i);
      }
      kv.length = last;
    }
    return true;
  }

  private pairBytes(field: string, value: string): number {
    return (
      stringBytes(field.length) +
      stringBytes(value.length) +
      (this.index === null ? LISTPACK_PAIR_BYTES : HASHTABLE_PAIR_BYTES)
    );
  }

  private toHashtable(): void {
    const index = new Map<string, number>();
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) index.set(kv[i], i);
    this.index = index;
    this.byteCount += HASHTABLE_BASE_BYTES + this.size * (HASHTABLE_PAIR_BYTES - LISTPACK_PAIR_BYTES);
  }

  // ---------------------------------------------------------------------------------------------
  // Iteration
  // ---------------------------------------------------------------------------------------------

  /**
   * One HSCAN step from `cursor`, visiting about `count` pairs; returns the next cursor (0 = done).
   * A listpack is returned whole with cursor 0, as Redis does. A hashtable is walked from the last
   * pair down: the cursor is the number of positions still to visit. Deletion only moves the last
   * pair into a hole, and insertion appends, so a pair present for a whole scan is never missed.
   */
  scan(cursor: number, count: number, visit: (field: string, value: string) => void): number {
    const kv = this.kv;
    if (this.index === null) {
      for (let i = 0; i < kv.length; i += 2) visit(kv[i], kv[i + 1]);
      return 0;
    }
    const n = this.size;
    let p = cursor === 0 || cursor > n ? n : cursor;
    for (let visited = 0; p > 0 && visited < count; visited++) {
      p--;
      visit(kv[2 * p], kv[2 * p + 1]);
    }
    return p;
  }

  // ---------------------------------------------------------------------------------------------
  // Copies and the serialised form
  // ---------------------------------------------------------------------------------------------

  /**
   * A hash of the given pairs ([f0, v0, f1, v1, ...], fields distinct) in the given encoding, in
   * that order (RESTORE builds hashes this way).
   */
  static fromPairs(kv: string[], hashtable: boolean): HashValue {
    const h = new HashValue();
    h.kv = kv;
    let bytes = HASH_BASE_BYTES;
    for (let i = 0; i < kv.length; i++) bytes += stringBytes(kv[i].length);
    h.byteCount = bytes + (kv.length >>> 1) * LISTPACK_PAIR_BYTES;
    if (hashtable) h.toHashtable();
    return h;
  }

  clone(): HashValue {
    const h = new HashValue();
    h.kv = this.kv.slice();
    h.index = this.index === null ? null : new Map(this.index);
    h.byteCount = this.byteCount;
    return h;
  }

  /**
   * The compact form for tiering: one latin1 string (one char per byte). Layout: 'H', encoding (0
   * listpack, 1 hashtable), varint pair count, then for each field and value a varint length and its
   * bytes, in iteration order (so a listpack keeps its order).
   */
  serialise(): string {
    const kv = this.kv;
    let s =
      String.fromCharCode(SERIAL_TAG, this.index === null ? SERIAL_LISTPACK : SERIAL_HASHTABLE) +
      varint(kv.length >>> 1);
    for (let i = 0; i < kv.length; i++) s += varint(kv[i].length) + kv[i];
    return s;
  }

  /**
   * The length serialise() would return, without building it; -1 as soon as a field or value is
   * longer than maxField or the total passes maxTotal (what tiering checks before offloading).
   */
  serialisedLength(maxField: number, maxTotal: number): number {
    const kv = this.kv;
    let n = 2 + varintLength(kv.length >>> 1);
    for (let i = 0; i < kv.length; i++) {
      const len = kv[i].length;
      if (len > maxField) return -1;
      n += varintLength(len) + len;
      if (n > maxTotal) return -1;
    }
    return n;
  }

  /**
   * Parses what serialise() produced, as a latin1 string. Throws on a malformed record. A tiered read
   * decodes the record's bytes to one string first: slicing fields and values out of it is about
   * three times as fast as one latin1Slice call per string into the Buffer (0.7 against 2.3-3.2 us
   * for 14 fields). V8 makes a value of 13 bytes or more a slice of the record string, so the record
   * stays in the heap while such a value does: at most the record's field names and lengths more
   * than the values themselves, for a hash copy that is dropped first when memory is short.
   */
  static parse(record: string): HashValue {
    const len = record.length;
    let pos = 2;
    const readVarint = (): number => {
      let n = 0;
      let mul = 1;
      for (;;) {
        if (pos >= len) throw new Error('corrupt hash record: truncated');
        const b = record.charCodeAt(pos++);
        if (b > 0xff) throw new Error('corrupt hash record: not latin1');
        n += (b & 0x7f) * mul;
        if (b < 0x80) return n;
        mul *= 128;
        if (mul > 2 ** 49) throw new Error('corrupt hash record: bad length');
      }
    };
    if (len < 3 || record.charCodeAt(0) !== SERIAL_TAG) throw new Error('corrupt hash record: bad tag');
    const enc = record.charCodeAt(1);
    if (enc !== SERIAL_LISTPACK && enc !== SERIAL_HASHTABLE)
      throw new Error('corrupt hash record: bad encoding');
    const pairs = readVarint();
    if (pairs * 4 > len) throw new Error('corrupt hash record: bad count');
    const h = new HashValue();
    const kv = new Array<string>(pairs * 2);
    let bytes = HASH_BASE_BYTES;
    const pairExtra = enc === SERIAL_LISTPACK ? LISTPACK_PAIR_BYTES : HASHTABLE_PAIR_BYTES;
    for (let i = 0; i < pairs * 2; i++) {
      const n = readVarint();
      if (pos + n > len) throw new Error('corrupt hash record: truncated');
      kv[i] = record.slice(pos, pos + n);
      pos += n;
      bytes += stringBytes(n);
    }
    if (pos !== len) throw new Error('corrupt hash record: trailing bytes');
    h.kv = kv;
    h.byteCount = bytes + pairs * pairExtra;
    // A listpack-encoded hash needs no index, and its record, written by serialise() and checked by
    // the caller's CRC, is not checked for duplicate fields again (as Redis loads a listpack without
    // sanitize-dump-payload): a Map of every field, built only for that check, made parsing a
    // 14-field record take 3-4 us instead of 2.
    if (enc === SERIAL_HASHTABLE) {
      const fields = new Map<string, number>();
      for (let i = 0; i < kv.length; i += 2) fields.set(kv[i], i);
      if (fields.size !== pairs) throw new Error('corrupt hash record: duplicate field');
      h.index = fields;
      h.byteCount += HASHTABLE_BASE_BYTES;
    }
    return h;
  }

  /** The pair count of a serialised record without parsing it (HLEN of an offloaded hash). */
  static serialisedSize(record: string): number {
    let n = 0;
    let mul = 1;
    for (let pos = 2; pos < record.length; pos++) {
      const b = record.charCodeAt(pos);
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 128;
    }
    throw new Error('corrupt hash record: truncated');
  }
}

/** LEB128 unsigned varint as latin1 chars. */
function varint(n: number): string {
  if (n < 0x80) return String.fromCharCode(n);
  let s = '';
  while (n >= 0x80) {
    s += String.fromCharCode((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  return s + String.fromCharCode(n);
}

function varintLength(n: number): number {
  let k = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    k++;
  }
  return k;
}
