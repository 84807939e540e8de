// Typed RESP2/RESP3 replies for the differential test.
//
// The differential test must see the exact reply type: a status "+OK" and a bulk "$2\r\nOK" are
// different replies, and so are a null bulk "$-1" and a null array "*-1". redis-parser cannot be used
// for this: with returnBuffers it returns a Buffer for both simple and bulk strings, `null` for both
// kinds of nil, and it does not read RESP3 (which later families need: HELLO 3, push messages). So this
// small reader keeps every type as its own variant.

export type Reply =
  | { type: 'simple'; value: Buffer }
  | { type: 'error'; value: string }
  | { type: 'integer'; value: bigint }
  | { type: 'bulk'; value: Buffer }
  | { type: 'nullbulk' }
  | { type: 'array'; items: Reply[] }
  | { type: 'nullarray' }
  // RESP3
  | { type: 'null' }
  | { type: 'double'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'bignum'; value: string }
  | { type: 'verbatim'; format: string; value: Buffer }
  | { type: 'map'; items: Reply[] } // key, value, key, value...
  | { type: 'set'; items: Reply[] }
  | { type: 'push'; items: Reply[] }
  | { type: 'attribute'; items: Reply[] };

/** Pseudo-replies the runner records when a server gave no reply at all. */
export const NO_REPLY_TIMEOUT: Reply = { type: 'error', value: '<<difftest: no reply before the timeout>>' };
export const NO_REPLY_CLOSED: Reply = { type: 'error', value: '<<difftest: connection closed>>' };

export type Arg = string | Buffer;

/** Encodes a command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = typeof a === 'string' ? Buffer.from(a) : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

class Incomplete extends Error {}
const INCOMPLETE = new Incomplete('incomplete');

export class ProtocolError extends Error {}

/**
 * Incremental reader: feed() bytes as they arrive, then take complete replies with next() (undefined
 * while the next reply is incomplete). Throws ProtocolError on bytes that are not RESP.
 */
export class ReplyReader {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;

  feed(chunk: Buffer): void {
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
    this.pos = 0;
  }

  next(): Reply | undefined {
    const start = this.pos;
    try {
      return this.parse();
    } catch (e) {
      this.pos = start;
      if (e === INCOMPLETE) return undefined;
      throw e;
    }
  }

  private line(): string {
    const end = this.buf.indexOf('\r\n', this.pos, 'latin1');
    if (end < 0) throw INCOMPLETE;
    const s = this.buf.toString('latin1', this.pos, end);
    this.pos = end + 2;
    return s;
  }

  private lineBuffer(): Buffer {
    const end = this.buf.indexOf('\r\n', this.pos, 'latin1');
    if (end < 0) throw INCOMPLETE;
    const b = Buffer.from(this.buf.subarray(this.pos, end));
    this.pos = end + 2;
    return b;
  }

  private length(): number {
    const s = this.line();
    if (!/^-?\d+$/.test(s)) throw new ProtocolError(`bad length ${JSON.stringify(s)}`);
    return Number(s);
  }

  private blob(n: number): Buffer {
    if (this.pos + n + 2 > this.buf.length) throw INCOMPLETE;
    const b = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    if (this.buf[this.pos + n] !== 13 || this.buf[this.pos + n + 1] !== 10) {
      throw new ProtocolError('bulk string not terminated by CRLF');
    }
    this.pos += n + 2;
    return b;
  }

  private items(n: number): Reply[] {
    const out: Reply[] = [];
    for (let i = 0; i < n; i++) out.push(this.parse());
    return out;
  }

  private parse(): Reply {
    if (this.pos >= this.buf.length) throw INCOMPLETE;
    const t = String.fromCharCode(this.buf[this.pos++]);
    switch (t) {
      case '+':
        return { type: 'simple', value: this.lineBuffer() };
      case '-':
        return { type: 'error', value: this.lineBuffer().toString() };
      case ':': {
        const s = this.line();
        if (!/^-?\d+$/.test(s)) throw new ProtocolError(`bad integer ${JSON.stringify(s)}`);
        return { type: 'integer', value: BigInt(s) };
      }
      case '$': {
        const n = this.length();
        return n < 0 ? { type: 'nullbulk' } : { type: 'bulk', value: this.blob(n) };
      }
      case '*': {
        const n = this.length();
        return n < 0 ? { type: 'nullarray' } : { type: 'array', items: this.items(n) };
      }
      case '_':
        this.line();
        return { type: 'null' };
      case ',':
        return { type: 'double', value: this.line() };
      case '#':
        return { type: 'boolean', value: this.line() === 't' };
      case '(':
        return { type: 'bignum', value: this.line() };
      case '!':
        return { type: 'error', value: this.blob(this.length()).toString() };
      case '=': {
        const b = this.blob(this.length());
        return { type: 'verbatim', format: b.toString('latin1', 0, 3), value: b.subarray(4) };
      }
      case '%':
        return { type: 'map', items: this.items(this.length() * 2) };
      case '~':
        return { type: 'set', items: this.items(this.length()) };
      case '>':
        return { type: 'push', items: this.items(this.length()) };
      case '|':
        return { type: 'attribute', items: this.items(this.length() * 2) };
      default:
        throw new ProtocolError(`unexpected reply type byte ${JSON.stringify(t)}`);
    }
  }
}

// ---- comparison ------------------------------------------------------------------------------------

/** Exact equality: same type at every level, same bytes. */
export function replyEquals(a: Reply, b: Reply): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'simple':
    case 'bulk':
      return a.value.equals((b as typeof a).value);
    case 'verbatim':
      return a.format === (b as typeof a).format && a.value.equals((b as typeof a).value);
    case 'error':
    case 'double':
    case 'bignum':
      return a.value === (b as typeof a).value;
    case 'integer':
      return a.value === (b as typeof a).value;
    case 'boolean':
      return a.value === (b as typeof a).value;
    case 'array':
    case 'map':
    case 'set':
    case 'push':
    case 'attribute': {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((x, i) => replyEquals(x, bi[i]));
    }
    default:
      return true;
  }
}

/** A canonical string for a reply (type included), used to compare replies as multisets. */
export function replyKey(r: Reply): string {
  return formatReply(r);
}

// ---- display ---------------------------------------------------------------------------------------

/** Quotes bytes the way redis-cli does: printable ASCII as is, the rest escaped. */
export function quoteBytes(b: Buffer): string {
  let s = '"';
  for (const c of b) {
    if (c === 0x22) s += '\\"';
    else if (c === 0x5c) s += '\\\\';
    else if (c === 0x0a) s += '\\n';
    else if (c === 0x0d) s += '\\r';
    else if (c === 0x09) s += '\\t';
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\x' + c.toString(16).padStart(2, '0');
  }
  return s + '"';
}

const MAX_SHOWN_ITEMS = 40;
const MAX_SHOWN_BYTES = 200;

function shortBytes(b: Buffer): string {
  if (b.length <= MAX_SHOWN_BYTES) return quoteBytes(b);
  return `${quoteBytes(b.subarray(0, MAX_SHOWN_BYTES))}...(${b.length} bytes)`;
}

/**
 * One-line rendering that shows the type: +simple, "bulk", :integer, -error, $-1 (null bulk),
 * *-1 (null array), [a, b] arrays, and RESP3 types with their own markers.
 */
export function formatReply(r: Reply): string {
  const list = (open: string, items: Reply[], close: string): string => {
    const shown = items.slice(0, MAX_SHOWN_ITEMS).map(formatReply);
    if (items.length > MAX_SHOWN_ITEMS) shown.push(`...(${items.length} items)`);
    return open + shown.join(', ') + close;
  };
  switch (r.type) {
    case 'simple':
      return '+' + r.value.toString('latin1');
    case 'error':
      return '-' + r.value;
    case 'integer':
      return ':' + r.value.toString();
    case 'bulk':
      return shortBytes(r.value);
    case 'nullbulk':
      return '$-1';
    case 'nullarray':
      return '*-1';
    case 'null':
      return '_';
    case 'double':
      return ',' + r.value;
    case 'boolean':
      return r.value ? '#t' : '#f';
    case 'bignum':
      return '(' + r.value;
    case 'verbatim':
      return `=${r.format}:` + shortBytes(r.value);
    case 'array':
      return list('[', r.items, ']');
    case 'map':
      return list('%{', r.items, '}');
    case 'set':
      return list('~{', r.items, '}');
    case 'push':
      return list('>[', r.items, ']');
    case 'attribute':
      return list('|{', r.items, '}');
  }
}

/** A command as one could type it into redis-cli. */
export function formatCommand(args: readonly Arg[], maxArgBytes = Infinity): string {
  return args
    .map((a) => {
      const b = typeof a === 'string' ? Buffer.from(a) : a;
      if (b.length > maxArgBytes) return `${quoteBytes(b.subarray(0, maxArgBytes))}...(${b.length} bytes)`;
      const plain =
        b.length > 0 && /^[\x21-\x7e]+$/.test(b.toString('latin1')) && !/["'\\]/.test(b.toString());
      return plain ? b.toString() : quoteBytes(b);
    })
    .join(' ');
}
