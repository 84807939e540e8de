/**
 * RESP request parser: turns the bytes a client sends into argument vectors.
 *
 * Why not redis-parser: that package parses *replies* (it is what Redis clients use). A server must
 * also accept inline commands, enforce proto-max-bulk-len and the unauthenticated limits, and answer
 * malformed input with Redis's exact "Protocol error: ..." texts before closing the connection; none
 * of that exists in redis-parser. redis-parser is still used where replies are parsed (tests, the
 * differential test and benchmarks). `npm run bench -- parser` compares the two on the same bytes.
 *
 * Arguments are returned as latin1 ("binary") strings: one JS char per byte, so any byte sequence
 * round-trips and V8 stores them as compact one-byte strings.
 */

/** Longest inline command or count line Redis accepts before a newline (PROTO_INLINE_MAX_SIZE). */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/** Largest multibulk count (Redis rejects > INT_MAX; 1024*1024 when not authenticated). */
const MAX_MULTIBULK = 0x7fffffff;
const MAX_UNAUTH_MULTIBULK = 1024 * 1024;
const MAX_UNAUTH_BULK = 16384;

export class ProtocolError extends Error {}

export interface ParserLimits {
  protoMaxBulkLen: number;
  /** When false the unauthenticated limits of Redis 7 apply. */
  authenticated: boolean;
}

export class RequestParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  // State of a multibulk request that is partly read.
  private argc = -1; // -1: no multibulk in progress
  private argv: string[] = [];
  private bulkLen = -1; // -1: expecting a $<len> line
  /** Bytes received but not yet turned into commands (client-query-buffer-limit is checked on it). */
  get pendingBytes(): number {
    return this.buf.length - this.pos;
  }

  constructor(private readonly limits: ParserLimits) {}

  feed(chunk: Buffer): void {
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
    } else if (this.pos === 0) {
      this.buf = Buffer.concat([this.buf, chunk]);
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    }
    this.pos = 0;
  }

  /**
   * Returns the next complete command, null when more bytes are needed, or an empty array for an
   * empty command (Redis ignores those). Throws ProtocolError on malformed input; the connection
   * must then be closed after replying "-ERR " + message.
   */
  next(): string[] | null {
    if (this.argc < 0) {
      if (this.pos >= this.buf.length) return null;
      if (this.buf[this.pos] !== 0x2a /* '*' */) return this.inline();
      const n = this.lengthLine('too big mbulk count string');
      if (n === null) return null;
      if (Number.isNaN(n) || n > MAX_MULTIBULK)
        throw new ProtocolError('Protocol error: invalid multibulk length');
      if (!this.limits.authenticated && n > MAX_UNAUTH_MULTIBULK)
        throw new ProtocolError('Protocol error: unauthenticated multibulk length');
      if (n <= 0) return [];
      this.argc = n;
      this.argv = [];
    }
    const buf = this.buf;
    while (this.argv.length < this.argc) {
      if (this.bulkLen < 0) {
        if (this.pos >= buf.length) return null;
        if (buf[this.pos] !== 0x24 /* '$' */) {
          const nl = buf.indexOf(0x0d, this.pos);
          if (nl < 0 && buf.length - this.pos > PROTO_INLINE_MAX_SIZE)
            throw new ProtocolError('Protocol error: too big bulk count string');
          if (nl < 0) return null;
          throw new ProtocolError(
            `Protocol error: expected '$', got '${String.fromCharCode(buf[this.pos])}'`,
          );
        }
        const len = this.lengthLine('too big bulk count string');
        if (len === null) return null;
        if (Number.isNaN(len) || len < 0 || len > this.limits.protoMaxBulkLen)
          throw new ProtocolError('Protocol error: invalid bulk length');
        if (!this.limits.authenticated && len > MAX_UNAUTH_BULK)
          throw new ProtocolError('Protocol error: unauthenticated bulk length');
        this.bulkLen = len;
      }
      if (buf.length - this.pos < this.bulkLen + 2) return null;
      this.argv.push(latin1(buf, this.pos, this.pos + this.bulkLen));
      this.pos += this.bulkLen + 2;
      this.bulkLen = -1;
    }
    const argv = this.argv;
    this.argc = -1;
    this.argv = [];
    this.compact();
    return argv;
  }

  /**
   * Reads the integer of a "*<n>" or "$<n>" line straight from the bytes (no string is made: this
   * runs twice per argument). Returns the value and moves past the line; null while the line is
   * incomplete; NaN when the line is complete but not a base-10 integer of at most 20 digits.
   */
  private lengthLine(tooBig: string): number | null {
    const buf = this.buf;
    const end = buf.length;
    let i = this.pos + 1;
    let neg = false;
    let n = 0;
    let digits = 0;
    let valid = true;
    if (i < end && buf[i] === 0x2d /* - */) {
      neg = true;
      i++;
    }
    for (; i < end; i++) {
      const c = buf[i];
      if (c === 0x0d) break;
      const d = c - 48;
      if (d >= 0 && d <= 9 && digits < 20) {
        n = n * 10 + d;
        digits++;
      } else {
        valid = false;
      }
    }
    if (i + 1 >= end) {
      if (end - this.pos > PROTO_INLINE_MAX_SIZE) throw new ProtocolError(`Protocol error: ${tooBig}`);
      return null;
    }
    this.pos = i + 2;
    if (!valid || digits === 0) return NaN;
    return neg ? -n : n;
  }

  private inline(): string[] | null {
    const nl = this.buf.indexOf(0x0a, this.pos);
    if (nl < 0) {
      if (this.buf.length - this.pos > PROTO_INLINE_MAX_SIZE)
        throw new ProtocolError('Protocol error: too big inline request');
      return null;
    }
    let end = nl;
    if (end > this.pos && this.buf[end - 1] === 0x0d) end--;
    const line = latin1(this.buf, this.pos, end);
    this.pos = nl + 1;
    this.compact();
    const args = splitArgs(line);
    if (args === null) throw new ProtocolError('Protocol error: unbalanced quotes in request');
    return args;
  }

  private compact(): void {
    if (this.pos >= this.buf.length) {
      this.buf = EMPTY;
      this.pos = 0;
    }
  }
}

const EMPTY = Buffer.alloc(0);

/** Buffer#latin1Slice is what buf.toString('latin1', a, b) ends up calling; call it directly. */
interface Latin1Sliceable {
  latin1Slice(start: number, end: number): string;
}

function latin1(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as Latin1Sliceable).latin1Slice(start, end);
}

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/**
 * Splits an inline command line the way Redis's sdssplitargs does: spaces separate arguments,
 * "double quotes" understand \n \r \t \b \a \\ \" and \xHH escapes, 'single quotes' only \'.
 * A closing quote must be followed by a space or the end. Returns null on unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && /\s/.test(line[i])) i++;
    if (i >= n) return out;
    let cur = '';
    let inDq = false;
    let inSq = false;
    for (;;) {
      if (inDq) {
        if (i >= n) return null;
        const ch = line[i];
        if (ch === '\\' && line[i + 1] === 'x' && i + 3 < n && isHex(line[i + 2]) && isHex(line[i + 3])) {
          cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (ch === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          cur +=
            e === 'n'
              ? '\n'
              : e === 'r'
                ? '\r'
                : e === 't'
                  ? '\t'
                  : e === 'b'
                    ? '\b'
                    : e === 'a'
                      ? '\x07'
                      : e;
        } else if (ch === '"') {
          if (i + 1 < n && !/\s/.test(line[i + 1])) return null;
          inDq = false;
          i++;
          break;
        } else {
          cur += ch;
        }
      } else if (inSq) {
        if (i >= n) return null;
        const ch = line[i];
        if (ch === '\\' && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (ch === "'") {
          if (i + 1 < n && !/\s/.test(line[i + 1])) return null;
          inSq = false;
          i++;
          break;
        } else {
          cur += ch;
        }
      } else {
        if (i >= n) break;
        const ch = line[i];
        if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t' || ch === '\0') break;
        if (ch === '"') inDq = true;
        else if (ch === "'") inSq = true;
        else cur += ch;
      }
      i++;
    }
    out.push(cur);
  }
}
