/**
 * Differential test plumbing shared by the command-family tests: a pair of connections (strata-server
 * and redis-server) that sends every command to both and compares the parsed replies, exactly or, where
 * Redis's order is unspecified, as unordered collections; a full-SCAN comparison; and a small
 * deterministic PRNG so random sequences can be replayed. Raw-byte comparisons use RespClient
 * (./resp-client).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before } from 'node:test';
import { RespConnection } from '../difftest/connection';
import { parseFamilies } from '../difftest/families';
import { runDifferential } from '../difftest/runner';
import { attach, startRedis as startDiffRedis } from '../difftest/servers';
import type { Server } from '../server/server';
import type { Reply } from '../difftest/resp';
import { startRedis, startStrata, type RunningProcess, type RunningServer } from './harness';

export type { Reply } from '../difftest/resp';

/**
 * Full canonical rendering of a reply (RESP type markers, every byte), for exact and unordered
 * compares. Unlike formatReply it never shortens anything.
 */
export function canon(r: Reply): string {
  switch (r.type) {
    case 'simple':
      return '+' + r.value.toString('latin1');
    case 'bulk':
      return '$' + JSON.stringify(r.value.toString('latin1'));
    case 'verbatim':
      return '=' + r.format + JSON.stringify(r.value.toString('latin1'));
    case 'error':
      return '-' + r.value;
    case 'integer':
      return ':' + r.value;
    case 'double':
      return ',' + r.value;
    case 'bignum':
      return '(' + r.value;
    case 'boolean':
      return r.value ? '#t' : '#f';
    case 'array':
    case 'map':
    case 'set':
    case 'push':
    case 'attribute':
      return r.type + '[' + r.items.map(canon).join(',') + ']';
    default:
      return r.type;
  }
}

/** Items of an aggregate reply grouped in `step`s and sorted: the reply as an unordered collection. */
export function unordered(r: Reply, step = 1): string {
  if (r.type !== 'array' && r.type !== 'map' && r.type !== 'set') return canon(r);
  const groups: string[] = [];
  for (let i = 0; i < r.items.length; i += step)
    groups.push(
      r.items
        .slice(i, i + step)
        .map(canon)
        .join(' '),
    );
  return r.type + '{' + groups.sort().join(',') + '}';
}

/** A [cursor, items] SCAN reply with its item list sorted (cursor kept). */
export function scanUnordered(r: Reply): string {
  if (r.type !== 'array' || r.items.length !== 2) return canon(r);
  return canon(r.items[0]) + ' ' + unordered(r.items[1]);
}

/** The text of a bulk reply, or undefined for anything else. */
export function bulkText(r: Reply): string | undefined {
  return r.type === 'bulk' ? r.value.toString('latin1') : undefined;
}

/**
 * How two replies are compared: exactly; as a set of items; as a set of (field, value) pairs; as a
 * SCAN reply with its items unordered; or only error-or-not ('none', for random picks).
 */
export type Compare = 'exact' | 'set' | 'pairs' | 'scan' | 'none';

export type PairClass<T extends DiffPair> = new (strata: RespConnection, redis: RespConnection) => T;

async function openPair<T extends DiffPair>(
  Pair: PairClass<T>,
  strataPort: number,
  redisPort: number,
  resp3: boolean,
): Promise<T> {
  const p = new Pair(
    await RespConnection.connect('127.0.0.1', strataPort),
    await RespConnection.connect('127.0.0.1', redisPort),
  );
  if (resp3) await p.same(['HELLO', '3'], 'none');
  return p;
}

/** The same commands sent to strata-server and redis-server over two connections. */
export class DiffPair {
  constructor(
    readonly strata: RespConnection,
    readonly redis: RespConnection,
  ) {}

  /** Connects to both servers (after HELLO 3 when resp3), as an instance of the calling subclass. */
  static open<T extends DiffPair>(
    this: PairClass<T>,
    strataPort: number,
    redisPort: number,
    resp3 = false,
  ): Promise<T> {
    return openPair(this, strataPort, redisPort, resp3);
  }

  close(): void {
    this.strata.close();
    this.redis.close();
  }

  /** Sends one command to both servers; compares the replies; returns Redis's reply. */
  async same(args: string[], compare: Compare = 'exact'): Promise<Reply> {
    const [s, r] = await Promise.all([this.strata.call(args), this.redis.call(args)]);
    const what = args.map((a) => JSON.stringify(a.length > 80 ? a.slice(0, 80) + '...' : a)).join(' ');
    if (compare === 'exact') assert.equal(canon(s), canon(r), what);
    else if (compare === 'set') assert.equal(unordered(s, 1), unordered(r, 1), what);
    else if (compare === 'pairs') assert.equal(unordered(s, 2), unordered(r, 2), what);
    else if (compare === 'scan') assert.equal(scanUnordered(s), scanUnordered(r), what);
    else assert.equal(s.type === 'error', r.type === 'error', `${what}: ${canon(s)} vs ${canon(r)}`);
    return r;
  }

  /** OBJECT ENCODING of a key, compared on both servers; Redis's answer. */
  async encoding(key: string): Promise<string | undefined> {
    return bulkText(await this.same(['OBJECT', 'ENCODING', key]));
  }

  /** Checks one command; the default is an exact compare (families override for unordered replies). */
  async check(args: string[]): Promise<void> {
    await this.same(args);
  }

  async run(steps: string[][]): Promise<void> {
    for (const s of steps) await this.check(s);
  }

  /**
   * A full SCAN-family iteration (e.g. ['HSCAN', key]) on both servers; the items collected (in
   * groups of `step`: 2 for field/value or member/score pairs) compared as sets.
   */
  async scanAll(scan: string[], extra: string[] = [], step = 1): Promise<void> {
    const collect = async (conn: RespConnection): Promise<string> => {
      const seen = new Set<string>();
      let cursor = '0';
      for (let rounds = 0; rounds < 100000; rounds++) {
        const r = await conn.call([...scan, cursor, ...extra]);
        if (r.type !== 'array') return canon(r);
        const [next, items] = r.items;
        assert.ok(next.type === 'bulk' && items.type === 'array');
        for (let i = 0; i < items.items.length; i += step)
          seen.add(
            items.items
              .slice(i, i + step)
              .map(canon)
              .join('='),
          );
        cursor = next.value.toString();
        if (cursor === '0') break;
      }
      return [...seen].sort().join(',');
    };
    const [s, r] = await Promise.all([collect(this.strata), collect(this.redis)]);
    assert.equal(s, r, `${scan.join(' ')} ${extra.join(' ')} (full iteration)`);
  }
}

export { prng } from './prng';

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The two servers of a differential describe block (set once its before hook has run). */
export interface DiffServers {
  strata: RunningServer;
  redis: RunningProcess;
}

/**
 * For a describe block: starts strata-server and redis-server before its tests and stops them (and
 * the last pair) after. fresh(resp3) closes the previous pair, opens a new one of `Pair`, empties both
 * servers and applies `config` (CONFIG SET name value, replies compared), so every scenario starts
 * from the same state.
 */
export function diffSuite<T extends DiffPair>(
  Pair: PairClass<T>,
  config: Record<string, string> = {},
): { servers: DiffServers; fresh(resp3?: boolean): Promise<T> } {
  const servers = {} as DiffServers;
  let p: T | undefined;
  before(async () => {
    [servers.strata, servers.redis] = await Promise.all([startStrata(), startRedis()]);
  });
  after(async () => {
    p?.close();
    await Promise.all([servers.strata?.close(), servers.redis?.close()]);
  });
  const fresh = async (resp3 = false): Promise<T> => {
    p?.close();
    p = await openPair(Pair, servers.strata.port, servers.redis.port, resp3);
    await p.same(['FLUSHALL']);
    for (const [name, value] of Object.entries(config)) await p.same(['CONFIG', 'SET', name, value]);
    return p;
  };
  return { servers, fresh };
}

/**
 * Records the keyspace events strata-server publishes, as "__keyevent@<db>__:<event> <key>" (or
 * "<event> <key>" when stripDb), until stop() restores its publish.
 */
export function captureKeyEvents(server: Server, stripDb = false): { got: string[]; stop(): void } {
  const got: string[] = [];
  const pubsub = server.pubsub;
  const original = pubsub.publish.bind(pubsub);
  pubsub.publish = (channel: string, message: string) => {
    if (channel.startsWith('__keyevent@'))
      got.push(`${stripDb ? channel.replace(/^__keyevent@\d+__:/, '') : channel} ${message}`);
    return original(channel, message);
  };
  return { got, stop: () => void (pubsub.publish = original) };
}

/**
 * Keyspace events compared byte for byte: a raw RESP2 subscriber to `pattern` on each port, then
 * `body` runs; the servers must have sent identical event streams, and the last one `expect` among
 * them (so an empty stream on both cannot pass).
 */
export async function sameEvents(
  ports: number[],
  pattern: string,
  expect: string | RegExp,
  body: () => Promise<void>,
): Promise<void> {
  const subs = ports.map((port) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const rec = { sock, data: '' };
    sock.on('data', (d) => (rec.data += d.toString('latin1')));
    sock.write(`PSUBSCRIBE ${pattern}\r\n`);
    return rec;
  });
  try {
    await delay(200);
    await body();
    await delay(200);
    const last = subs[subs.length - 1].data;
    assert.ok(typeof expect === 'string' ? last.includes(expect) : expect.test(last), 'the events were sent');
    for (const s of subs) assert.equal(s.data, last);
  } finally {
    for (const s of subs) s.sock.destroy();
  }
}

/**
 * The random differential test (difftest) of `families` against a fresh redis-server, for a strata
 * server the caller started (with tiering forced on, say): fails with the first differences, or when
 * fewer than `steps` steps ran.
 */
export async function randomDifferential(
  strataPort: number,
  label: string,
  families: string,
  seed: number,
  steps: number,
): Promise<void> {
  const reference = await startDiffRedis();
  try {
    const r = await runDifferential({
      seed,
      steps,
      families: parseFamilies(families),
      servers: [reference, attach(label, strataPort)],
    });
    const first = r.mismatches.slice(0, 3).map((m) => `${m.command}: ${m.replies.join(' vs ')}`);
    assert.equal(r.mismatches.length, 0, first.join('\n'));
    assert.equal(r.stepsRun, steps);
  } finally {
    await reference.stop();
  }
}
