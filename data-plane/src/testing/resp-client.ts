/**
 * A minimal RESP client for the raw differential tests (keys, server commands, strings, lists...): it sends one command at a time and
 * returns the exact reply bytes, so strata-server and redis-server can be compared byte for byte
 * (errors, RESP2/RESP3 types and all). parseReply turns raw replies into values for tests that
 * compare unordered or time-dependent replies.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { startRedis, startStrata, until, type RunningProcess, type RunningServer } from './harness';

/** Index just past the reply that starts at `pos`, or -1 when the buffer does not hold it all yet. */
export function replyEnd(buf: string, pos: number): number {
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return -1;
  const type = buf[pos];
  const head = buf.slice(pos + 1, eol);
  switch (type) {
    case '$':
    case '=':
    case '!': {
      const n = Number(head);
      if (n < 0) return eol + 2;
      return buf.length >= eol + 2 + n + 2 ? eol + 2 + n + 2 : -1;
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      let n = Number(head);
      if (n < 0) return eol + 2;
      if (type === '%' || type === '|') n *= 2;
      let p = eol + 2;
      for (let i = 0; i < n; i++) {
        p = replyEnd(buf, p);
        if (p < 0) return -1;
      }
      return p;
    }
    default:
      return eol + 2;
  }
}

export type Reply = string | number | bigint | null | boolean | { error: string } | Reply[];

/** Parses one raw reply into a value: errors become {error}, maps become flat arrays. */
export function parseReply(raw: string): Reply {
  return parseAt(raw, 0)[0];
}

function parseAt(buf: string, pos: number): [Reply, number] {
  const eol = buf.indexOf('\r\n', pos);
  const head = buf.slice(pos + 1, eol);
  switch (buf[pos]) {
    case '+':
      return [head, eol + 2];
    case '-':
      return [{ error: head }, eol + 2];
    case ':':
      return [Number(head), eol + 2];
    case '(':
      return [BigInt(head), eol + 2];
    case ',':
      return [Number(head.replace('inf', 'Infinity')), eol + 2];
    case '#':
      return [head === 't', eol + 2];
    case '_':
      return [null, eol + 2];
    case '$':
    case '=':
    case '!': {
      const n = Number(head);
      if (n < 0) return [null, eol + 2];
      // A verbatim string's value is the text after its "txt:" format prefix.
      const skip = buf[pos] === '=' ? 4 : 0;
      return [buf.slice(eol + 2 + skip, eol + 2 + n), eol + 2 + n + 2];
    }
    default: {
      let n = Number(head);
      if (n < 0) return [null, eol + 2];
      if (buf[pos] === '%' || buf[pos] === '|') n *= 2;
      const out: Reply[] = [];
      let p = eol + 2;
      for (let i = 0; i < n; i++) {
        const [v, next] = parseAt(buf, p);
        out.push(v);
        p = next;
      }
      return [out, p];
    }
  }
}

export function encodeCommand(args: readonly string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

export class RespClient {
  private buf = '';
  private waiters: ((raw: string) => void)[] = [];
  /** Replies that arrived with nobody waiting (pushes, MONITOR lines). */
  readonly unsolicited: string[] = [];
  closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (d) => {
      this.buf += d.toString('latin1');
      for (;;) {
        const end = replyEnd(this.buf, 0);
        if (end < 0) break;
        const raw = this.buf.slice(0, end);
        this.buf = this.buf.slice(end);
        const w = this.waiters.shift();
        if (w) w(raw);
        else this.unsolicited.push(raw);
      }
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w('<closed>');
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new RespClient(s)));
      s.once('error', reject);
    });
  }

  /** Sends a command and resolves with its raw reply ("<closed>" if the connection closed). */
  call(...args: string[]): Promise<string> {
    return new Promise((resolve) => {
      if (this.closed) return resolve('<closed>');
      this.waiters.push(resolve);
      this.socket.write(encodeCommand(args), 'latin1');
    });
  }

  /** Sends a command without waiting for a reply (CLIENT REPLY OFF, blocking commands). */
  send(...args: string[]): void {
    this.socket.write(encodeCommand(args), 'latin1');
  }

  /** Waits for the next reply that no call() is waiting for. */
  async next(timeoutMs = 2000): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.unsolicited.length === 0 && Date.now() < deadline && !this.closed)
      await new Promise((r) => setTimeout(r, 5));
    return this.unsolicited.shift();
  }

  /**
   * Resolves with the next reply, queued behind the calls already waiting; with a timeout, rejects
   * ("no reply") when none comes in time.
   */
  read(timeoutMs?: number): Promise<string> {
    const queued = this.unsolicited.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      if (timeoutMs === undefined) return void this.waiters.push(resolve);
      const waiter = (raw: string) => {
        clearTimeout(timer);
        resolve(raw);
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error('no reply'));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** How many replies arrived that nobody has read yet. */
  get pending(): number {
    return this.unsolicited.length;
  }

  close(): void {
    this.socket.destroy();
  }
}

export type Cmd = string[];
/** A command, or one whose reply is not compared (HELLO's reply holds the client id). */
export type Step = Cmd | { quiet: Cmd };

/** Runs the commands on both servers and asserts every reply is byte-identical. */
export async function same(a: RespClient, b: RespClient, steps: Step[]): Promise<void> {
  for (const step of steps) {
    if (!Array.isArray(step)) {
      await Promise.all([a.call(...step.quiet), b.call(...step.quiet)]);
      continue;
    }
    const cmd = step;
    const [ra, rb] = await Promise.all([a.call(...cmd), b.call(...cmd)]);
    assert.equal(ra, rb, `reply to ${JSON.stringify(cmd)}`);
  }
}

/** strata-server and redis-server started with the same flags, and one raw client on each. */
export interface RawPair {
  strata: RunningServer;
  redis: RunningProcess;
  /** The client on strata-server. */
  a: RespClient;
  /** The client on redis-server. */
  b: RespClient;
  close(): Promise<void>;
}

export async function openRawPair(flags: string[] = []): Promise<RawPair> {
  const [strata, redis] = await Promise.all([startStrata(flags), startRedis(flags)]);
  const [a, b] = await Promise.all([RespClient.connect(strata.port), RespClient.connect(redis.port)]);
  return {
    strata,
    redis,
    a,
    b,
    close: async () => {
      a.close();
      b.close();
      await Promise.all([strata.close(), redis.close()]);
    },
  };
}

/** A test that runs `steps` on both servers of the pair from an empty db 0 in RESP2. */
export function diffTest(pair: () => RawPair, name: string, steps: Step[]): void {
  test(name, async () => {
    const { a, b } = pair();
    await same(a, b, [['FLUSHALL'], ['SELECT', '0'], { quiet: ['HELLO', '2'] }]);
    await same(a, b, steps);
  });
}

/** strata-server in this process and one raw client on it (in-process tests of a describe block). */
export async function openStrataClient(
  flags: string[] = [],
): Promise<{ strata: RunningServer; c: RespClient; close(): Promise<void> }> {
  const strata = await startStrata(flags);
  const c = await RespClient.connect(strata.port);
  return {
    strata,
    c,
    close: async () => {
      c.close();
      await strata.close();
    },
  };
}

/** Sends `args` every 10 ms until the reply is exactly `want` (see until() for the deadline). */
export async function untilReply(c: RespClient, args: string[], want: string, ms = 30_000): Promise<void> {
  let got = '';
  await until(args.join(' '), async () => (got = await c.call(...args)) === want, ms, 10).catch(() => {
    throw new Error(`${args.join(' ')}: still ${JSON.stringify(got)}`);
  });
}
