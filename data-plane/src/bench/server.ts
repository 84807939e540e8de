/**
 * `npm run bench -- server`: strata-server against redis-server with the same settings, measured in
 * the same run with redis-benchmark (50 clients, 100-byte values, unpipelined and -P 16). Runs
 * alternate between the two servers and report medians, since these machines are noisy. Then RAM
 * per key (RSS and used_memory) at 1M keys for both.
 *
 * Flags: --n requests per run (default 100000), --runs (3), --keys for the memory part (1000000),
 * --tests (comma list).
 */
import { spawnStrata, startRedis } from '../testing/harness';
import {
  flags,
  info,
  median,
  multiExecRate,
  pipelineFill,
  redisBenchmark,
  resp,
  rssOf,
  subscribers,
  table,
} from './common';

const DEFAULT_TESTS = 'set,get,incr,lpush,lpop,hset,mset,sadd,spop,zadd,zrange,zincrby,publish,multi';

/** Rows that are not redis-benchmark built-in tests: a custom command line, or our own driver. */
const CUSTOM: Record<string, string[]> = {
  zrange: ['ZRANGE', 'myzset', '0', '9', 'WITHSCORES'],
  zincrby: ['ZINCRBY', 'myzset', '1', 'element:__rand_int__'],
  publish: ['PUBLISH', 'bench-channel', 'hello'],
};
const SUBSCRIBERS = 10;

async function main(): Promise<void> {
  const opt = flags(process.argv.slice(2), {
    n: 100000,
    runs: 3,
    keys: 1000000,
    tests: DEFAULT_TESTS,
    clients: 50,
  });
  const strata = await spawnStrata([]);
  const redis = await startRedis([]);
  try {
    console.log(
      `strata-server vs redis-server (${(await versionOf(redis.port)) ?? 'redis'}), ${opt.clients} clients, 100-byte values, ${opt.runs} alternating runs of ${opt.n} requests, medians\n`,
    );
    const rows: (string | number)[][] = [];
    for (const pipeline of [1, 16]) {
      for (const test of String(opt.tests).split(',')) {
        if (test === 'multi' && pipeline > 1) continue; // one transaction in flight per client: unpipelined only
        const s: { rps: number[]; p50: number[]; p99: number[] } = { rps: [], p50: [], p99: [] };
        const r: typeof s = { rps: [], p50: [], p99: [] };
        for (let i = 0; i < opt.runs; i++) {
          const n = pipeline > 1 ? opt.n * 4 : opt.n;
          for (const [port, acc] of [
            [strata.port, s],
            [redis.port, r],
          ] as const) {
            const res = await runRow(port, test, n, opt.clients, pipeline);
            acc.rps.push(res.rps);
            acc.p50.push(res.p50);
            acc.p99.push(res.p99);
          }
        }
        rows.push([
          label(test),
          String(pipeline),
          median(s.rps),
          median(r.rps),
          (median(s.rps) / median(r.rps)).toFixed(2),
          `${median(s.p50).toFixed(3)} / ${median(s.p99).toFixed(3)}`,
          `${median(r.p50).toFixed(3)} / ${median(r.p99).toFixed(3)}`,
        ]);
        console.log(
          `  ${test} -P ${pipeline}: strata ${Math.round(median(s.rps))}/s, redis ${Math.round(median(r.rps))}/s`,
        );
      }
    }
    console.log(
      '\n' +
        table(
          [
            'command',
            'pipeline',
            'strata ops/s',
            'redis ops/s',
            'ratio',
            'strata p50/p99 ms',
            'redis p50/p99 ms',
          ],
          rows,
        ),
    );

    // RAM per key: N string keys "key:<i>" with 100-byte values in both servers.
    const mem: (string | number)[][] = [];
    for (const [name, srv] of [
      ['strata-server', strata],
      ['redis-server', redis],
    ] as const) {
      await flushAll(srv.port);
      const before = {
        rss: await rssOf(srv.process.pid!),
        used: Number((await info(srv.port, 'memory')).get('used_memory')),
      };
      const value = 'v'.repeat(100);
      await pipelineFill(srv.port, opt.keys, (i) => resp('SET', 'key:' + i, value));
      await new Promise((r) => setTimeout(r, 500));
      const m = await info(srv.port, 'memory');
      const after = { rss: await rssOf(srv.process.pid!), used: Number(m.get('used_memory')) };
      mem.push([
        name,
        opt.keys,
        (after.rss - before.rss) / opt.keys,
        (after.used - before.used) / opt.keys,
        after.rss,
      ]);
    }
    console.log(
      `\nRAM per key at ${opt.keys.toLocaleString('en-US')} keys (key ~10 bytes, value 100 bytes)\n`,
    );
    console.log(table(['server', 'keys', 'RSS bytes/key', 'used_memory bytes/key', 'RSS total'], mem));
  } finally {
    await strata.close();
    await redis.close();
  }
}

function label(test: string): string {
  if (test === 'publish') return `PUBLISH (${SUBSCRIBERS} subscribers)`;
  if (test === 'multi') return 'MULTI/INCR/INCR/EXEC';
  return CUSTOM[test] ? CUSTOM[test].join(' ') : test.toUpperCase();
}

/** One measurement of one row on one server. */
async function runRow(port: number, test: string, n: number, clients: number, pipeline: number) {
  if (test === 'multi') return multiExecRate(port, clients, pipeline > 1 ? n : n / 2);
  if (test === 'zrange' || test === 'zincrby') {
    // The sorted set the row reads: 1000 members, like redis-benchmark's own zadd keyspace.
    await pipelineFill(port, 1000, (i) => resp('ZADD', 'myzset', String(i), 'element:' + i));
  }
  const close = test === 'publish' ? await subscribers(port, 'bench-channel', SUBSCRIBERS) : undefined;
  try {
    return await redisBenchmark(port, test, {
      n,
      clients,
      pipeline,
      size: 100,
      keyspace: 1000,
      command: CUSTOM[test],
    });
  } finally {
    close?.();
  }
}

async function versionOf(port: number): Promise<string | undefined> {
  return `redis ${(await info(port, 'server')).get('redis_version')}`;
}

async function flushAll(port: number): Promise<void> {
  await pipelineFill(port, 1, () => resp('FLUSHALL'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
