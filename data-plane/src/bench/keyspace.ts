/**
 * `npm run bench -- keyspace`: RAM per key and event-loop stalls (GC included) as the keyspace grows,
 * in one run for three servers: strata-server with values in RAM, strata-server with its values on
 * disk (tiering forced on: --tiered_prefix in a temp dir, --tiered_offload_threshold 1.0,
 * --tiered_min_value_size 0, so every value is offloaded), and redis-server (values in RAM, for
 * reference). For each size it fills string keys over a pipelined connection (keys in
 * redis-benchmark's `key:<12 digits>` form so the load below hits them), waits for the offload to
 * settle, reads RSS and used_memory, then runs a short GET and SET load with redis-benchmark over the
 * filled keys and reads strata's eventloop_delay_max_ms (INFO stats) for the fill and for the load.
 *
 * A fourth mode, "disk-malloc", is the values-on-disk server started with
 * GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072: a fixed threshold turns off glibc's dynamic one,
 * which otherwise rises to the size of the largest freed mmap'ed chunk, after which the key table's
 * column blocks and arenas (1-3 MB a segment at 10M keys) come from the heap and the blocks they
 * replace when a segment grows stay resident as holes. With the fixed threshold they are mmap'ed and
 * unmapped when freed, and capacity not yet used costs no RSS.
 *
 * Flags: --sizes 1000000,10000000 (default 1000000), --value 16 (bytes), --gets 100000, --sets 50000,
 * --dir (temp dir for the tier file, default os.tmpdir()), --modes ram,disk,disk-malloc,redis.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forcedTieringFlags, spawnStrata, startRedis, type RunningProcess } from '../testing/harness';
import { cli, flags, fmt, info, pipelineFill, redisBenchmark, resp, rssOf, table } from './common';

/** The goal of issue 5 for a keyspace with its values on disk. */
const GOAL_BYTES_PER_KEY = 64;
const GOAL_STALL_MS = 10;

/** redis-benchmark's key for __rand_int__ = i (-r): "key:" and 12 zero-padded digits. */
function keyOf(i: number): string {
  return 'key:' + String(i).padStart(12, '0');
}

interface Mode {
  name: string;
  start(dir: string): Promise<RunningProcess>;
  tiered: boolean;
}

/** The malloc setting of the "disk-malloc" mode (see the header). */
const MALLOC_TUNABLES = 'glibc.malloc.mmap_threshold=131072';

/** The values-on-disk server: every value goes to disk, nothing is evicted or throttled. */
function spawnOnDisk(dir: string): Promise<RunningProcess> {
  // forcedTieringFlags: offload threshold 1.0 (every value goes to disk), cooling off (no RAM copy
  // stays), no minimum size or TTL; with a maxmemory the data never reaches (no eviction, no throttling).
  return spawnStrata(
    forcedTieringFlags(path.join(dir, 'tier'), ['--maxmemory', String(64 * 1024 * 1024 * 1024)]),
  );
}

const MODES: Record<string, Mode> = {
  ram: {
    name: 'strata-server, values in RAM',
    start: () => spawnStrata(['--maxmemory', '0']),
    tiered: false,
  },
  disk: {
    name: 'strata-server, values on disk',
    start: spawnOnDisk,
    tiered: true,
  },
  'disk-malloc': {
    name: `strata-server, values on disk, GLIBC_TUNABLES=${MALLOC_TUNABLES}`,
    start: async (dir) => {
      // The child inherits this process's environment: set it for the spawn only.
      const before = process.env.GLIBC_TUNABLES;
      process.env.GLIBC_TUNABLES = before ? `${before}:${MALLOC_TUNABLES}` : MALLOC_TUNABLES;
      try {
        return await spawnOnDisk(dir);
      } finally {
        if (before === undefined) delete process.env.GLIBC_TUNABLES;
        else process.env.GLIBC_TUNABLES = before;
      }
    },
    tiered: true,
  },
  redis: { name: 'redis-server', start: () => startRedis([]), tiered: false },
};

async function stall(port: number): Promise<string> {
  return (await info(port, 'stats')).get('eventloop_delay_max_ms') ?? '–';
}

/** Waits until (almost) every value is on disk and no write is in flight, or progress stops. */
async function settleOffload(port: number, keys: number): Promise<number> {
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const t = await info(port, 'tiered');
    const entries = Number(t.get('tiered_entries') ?? 0);
    const pending = Number(t.get('tiered_pending_stash_cnt') ?? 0);
    if (entries >= keys && pending === 0) return entries;
    if (entries !== last) {
      last = entries;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > 10_000) return entries;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function measure(
  mode: Mode,
  srv: RunningProcess,
  keys: number,
  valueSize: number,
  gets: number,
  sets: number,
): Promise<(string | number)[]> {
  const value = 'v'.repeat(valueSize);
  const pid = srv.process.pid!;
  await new Promise((r) => setTimeout(r, 500));
  const rss0 = await rssOf(pid);
  const used0 = Number((await info(srv.port, 'memory')).get('used_memory'));
  await cli(srv.port, 'CONFIG', 'RESETSTAT');
  const t0 = Date.now();
  await pipelineFill(srv.port, keys, (i) => resp('SET', keyOf(i), value));
  const fillSecs = (Date.now() - t0) / 1000;
  const onDisk = mode.tiered ? await settleOffload(srv.port, keys) : 0;
  const fillStall = mode.name === 'redis-server' ? '–' : await stall(srv.port);
  // Let the last young-generation garbage of the fill be collected before reading RSS.
  await new Promise((r) => setTimeout(r, 2000));
  const rss = await rssOf(pid);
  const used = Number((await info(srv.port, 'memory')).get('used_memory'));
  await cli(srv.port, 'CONFIG', 'RESETSTAT');
  const get = await redisBenchmark(srv.port, 'get', {
    n: gets,
    clients: 50,
    pipeline: 1,
    size: valueSize,
    keyspace: keys,
  });
  const set = await redisBenchmark(srv.port, 'set', {
    n: sets,
    clients: 50,
    pipeline: 1,
    size: valueSize,
    keyspace: keys,
  });
  const loadStall = mode.name === 'redis-server' ? '–' : await stall(srv.port);
  return [
    mode.name,
    keys,
    ((rss - rss0) / keys).toFixed(1),
    ((used - used0) / keys).toFixed(1),
    mode.tiered ? onDisk : '–',
    fmt(keys / fillSecs),
    fillStall,
    fmt(get.rps),
    fmt(set.rps),
    loadStall,
  ];
}

async function main(): Promise<void> {
  const opt = flags(process.argv.slice(2), {
    sizes: '1000000',
    value: 16,
    gets: 100000,
    sets: 50000,
    dir: os.tmpdir(),
    modes: 'ram,disk,disk-malloc,redis',
  });
  const modes = String(opt.modes)
    .split(',')
    .map((m) => {
      if (!MODES[m]) throw new Error(`unknown mode ${m} (ram, disk, disk-malloc, redis)`);
      return MODES[m];
    });
  const rows: (string | number)[][] = [];
  const started = new Date().toISOString();
  for (const size of String(opt.sizes).split(',').map(Number)) {
    for (const mode of modes) {
      // A fresh server per size and mode, so earlier runs leave no heap behind.
      const dir = fs.mkdtempSync(path.join(String(opt.dir), 'strata-bench-keyspace-'));
      const srv = await mode.start(dir);
      try {
        rows.push(await measure(mode, srv, size, Number(opt.value), Number(opt.gets), Number(opt.sets)));
        console.log(`  ${mode.name}: ${size.toLocaleString('en-US')} keys done`);
      } finally {
        await srv.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  console.log(
    `\nKeyspace size (${started}, load average ${os.loadavg()[0].toFixed(1)}): ${opt.value}-byte values, ` +
      `keys "key:<12 digits>", then GET (${opt.gets}) and SET (${opt.sets}) loads from 50 clients over the same keys\n`,
  );
  console.log(
    table(
      [
        'server',
        'keys',
        'RSS bytes/key',
        'used_memory bytes/key',
        'values on disk',
        'fill SET/s (pipelined)',
        'max loop stall in fill (ms)',
        'GET/s',
        'SET/s',
        'max loop stall under GET/SET load (ms)',
      ],
      rows,
    ),
  );
  console.log(
    `\nGoal (issue 5, values on disk, 10M keys): RSS <= ${GOAL_BYTES_PER_KEY} bytes/key, loop stalls <= ${GOAL_STALL_MS} ms.` +
      '\nRSS bytes/key is RSS growth from the empty server after the fill (and offload) settled; loop stalls are' +
      ' strata-only (redis-server reports none).',
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
