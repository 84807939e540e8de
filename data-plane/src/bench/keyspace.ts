/**
 * `npm run bench -- keyspace`: RAM per key and event-loop stalls (GC included) as the keyspace grows,
 * strata-server against redis-server in the same run. For each size it fills string keys over a
 * pipelined connection, then runs a GET load with redis-benchmark on the filled keys, and reads RSS,
 * used_memory and strata's eventloop_delay_max_ms (INFO stats).
 *
 * Flags: --sizes 1000000,10000000 (default 1000000), --value 16 (bytes), --getSeconds-free: --gets N.
 */
import { spawnStrata, startRedis, type RunningProcess } from '../testing/harness';
import { cli, flags, info, pipelineFill, redisBenchmark, resp, rssOf, table } from './common';

async function measure(name: string, srv: RunningProcess, keys: number, valueSize: number, gets: number) {
  const value = 'v'.repeat(valueSize);
  await cli(srv.port, 'FLUSHALL');
  await new Promise((r) => setTimeout(r, 300));
  const rss0 = await rssOf(srv.process.pid!);
  const used0 = Number((await info(srv.port, 'memory')).get('used_memory'));
  await cli(srv.port, 'CONFIG', 'RESETSTAT');
  const t0 = Date.now();
  await pipelineFill(srv.port, keys, (i) => resp('SET', 'key:' + i, value));
  const fillSecs = (Date.now() - t0) / 1000;
  const fillStall = (await info(srv.port, 'stats')).get('eventloop_delay_max_ms') ?? 'n/a';
  await cli(srv.port, 'CONFIG', 'RESETSTAT');
  const load = await redisBenchmark(srv.port, 'get', {
    n: gets,
    clients: 50,
    pipeline: 1,
    size: valueSize,
    keyspace: keys,
  });
  const st = await info(srv.port, 'all');
  const loadStall = st.get('eventloop_delay_max_ms') ?? 'n/a';
  const rss = await rssOf(srv.process.pid!);
  const used = Number(st.get('used_memory'));
  return [
    name,
    keys,
    ((rss - rss0) / keys).toFixed(1),
    ((used - used0) / keys).toFixed(1),
    Math.round(keys / fillSecs),
    fillStall,
    Math.round(load.rps),
    loadStall,
  ];
}

async function main(): Promise<void> {
  const opt = flags(process.argv.slice(2), { sizes: '1000000', value: 16, gets: 200000 });
  const rows: (string | number)[][] = [];
  for (const size of String(opt.sizes).split(',').map(Number)) {
    // A fresh pair of servers per size, so earlier sizes leave no heap behind.
    const strata = await spawnStrata(['--maxmemory', '0']);
    const redis = await startRedis([]);
    try {
      rows.push(await measure('strata-server', strata, size, opt.value, opt.gets));
      rows.push(await measure('redis-server', redis, size, opt.value, opt.gets));
      console.log(`  ${size.toLocaleString('en-US')} keys done`);
    } finally {
      await strata.close();
      await redis.close();
    }
  }
  console.log(
    `\nKeyspace size: ${opt.value}-byte values, keys "key:<n>", GET load of ${opt.gets} requests from 50 clients\n`,
  );
  console.log(
    table(
      [
        'server',
        'keys',
        'RSS bytes/key',
        'used_memory bytes/key',
        'fill SET/s (pipelined)',
        'max loop stall in fill (ms)',
        'GET/s under load',
        'max loop stall under GET load (ms)',
      ],
      rows,
    ),
  );
  console.log('\n(loop stalls are strata-only: redis-server reports none)');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
