/**
 * BullMQ (npm, unchanged) against redis-server, strata-server, and strata-server with list, hash and
 * string tiering forced on. BullMQ keeps each queue in lists, sorted sets, hashes and an event stream
 * and changes them almost only through Lua scripts (EVALSHA, with cmsgpack and cjson inside).
 *
 * Covered: thousands of jobs through a worker with concurrency > 1 (results checked through QueueEvents,
 * which reads the events stream with XREAD BLOCK), removeOnComplete, getJobCounts, retries with
 * backoff, a job that exhausts its attempts, delayed jobs (never early, always run), progress events,
 * priorities and a repeatable job (job scheduler). BullMQ's own start-up checks (redis_version in
 * INFO, maxmemory-policy noeviction) must pass without a warning.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Queue, QueueEvents, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { prng } from '../testing/prng';
import { until } from '../testing/harness';
import { TARGET_KINDS, startTarget, tieredCounter, type Target } from './targets';

const JOBS = 2000;
const CONCURRENCY = 8;

function payloadOf(i: number): string {
  const rnd = prng(1127 + i);
  const len = 100 + Math.floor(rnd() * 300);
  let s = '';
  for (let k = 0; k < len; k++) s += String.fromCharCode(33 + Math.floor(rnd() * 94));
  return s;
}

function digest(i: number, payload: string): string {
  return `${i}:${createHash('sha1').update(payload).digest('hex')}`;
}

/** Queue, worker and event listener of one test; closes them all. */
class Fixture {
  readonly closers: (() => Promise<unknown>)[] = [];

  constructor(readonly connection: ConnectionOptions) {}

  queue(name: string): Queue {
    const q = new Queue(name, { connection: this.connection });
    this.closers.push(() => q.close());
    return q;
  }

  async events(name: string): Promise<QueueEvents> {
    const e = new QueueEvents(name, { connection: this.connection, blockingTimeout: 1000 });
    this.closers.push(() => e.close());
    await e.waitUntilReady();
    return e;
  }

  worker(name: string, processor: (job: Job) => Promise<unknown>, concurrency = 1): Worker {
    const w = new Worker(name, processor, { connection: this.connection, concurrency, drainDelay: 1 });
    this.closers.push(() => w.close());
    return w;
  }

  async close(): Promise<void> {
    for (const c of this.closers.reverse()) await c().catch(() => undefined);
    this.closers.length = 0;
  }
}

for (const kind of TARGET_KINDS) {
  describe(`BullMQ against ${kind}`, () => {
    let target: Target;
    let fx: Fixture;
    const warnings: string[] = [];
    const consoleWarn = console.warn;

    before(async () => {
      console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
      target = await startTarget(kind);
      fx = new Fixture({ host: '127.0.0.1', port: target.port });
    });
    after(async () => {
      await fx?.close();
      await target?.close();
      console.warn = consoleWarn;
    });

    test('connects without a warning (Redis version, eviction policy)', async () => {
      const q = fx.queue('hello');
      await q.waitUntilReady();
      assert.equal(await q.count(), 0);
      assert.deepEqual(warnings, []);
    });

    test(`${JOBS} jobs, concurrency ${CONCURRENCY}, results through QueueEvents, removeOnComplete`, async () => {
      const q = fx.queue('bulk');
      const events = await fx.events('bulk');
      const results = new Map<string, string>();
      events.on('completed', ({ jobId, returnvalue }) => void results.set(jobId, String(returnvalue)));
      const indexOf = new Map<string, number>();
      for (let from = 0; from < JOBS; from += 500) {
        const jobs = await q.addBulk(
          Array.from({ length: Math.min(500, JOBS - from) }, (_, k) => ({
            name: 'digest',
            data: { i: from + k, payload: payloadOf(from + k) },
            opts: { removeOnComplete: true },
          })),
        );
        jobs.forEach((j, k) => indexOf.set(j.id!, from + k));
      }
      assert.equal(indexOf.size, JOBS);
      let runs = 0;
      fx.worker(
        'bulk',
        async (job) => {
          runs++;
          const { i, payload } = job.data as { i: number; payload: string };
          await new Promise((r) => setImmediate(r));
          return digest(i, payload);
        },
        CONCURRENCY,
      );
      await until(`${JOBS} completed events`, () => results.size === JOBS, 100_000, 50);
      for (const [id, i] of indexOf) assert.equal(results.get(id), digest(i, payloadOf(i)), `job ${id}`);
      assert.equal(runs, JOBS);
      const counts = await q.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
      assert.deepEqual(counts, { waiting: 0, paused: 0, active: 0, completed: 0, failed: 0, delayed: 0 });
      assert.equal(await q.getJob(indexOf.keys().next().value!), undefined, 'completed job removed');
    });

    test('retries with backoff: fails twice then succeeds; a job that exhausts its attempts fails', async () => {
      const q = fx.queue('retries');
      const events = await fx.events('retries');
      const starts = new Map<string, number[]>();
      fx.worker(
        'retries',
        async (job) => {
          const seen = starts.get(job.name) ?? [];
          seen.push(Date.now());
          starts.set(job.name, seen);
          if (job.name === 'doomed') throw new Error('doomed every time');
          if (seen.length <= 2) throw new Error(`attempt ${seen.length} fails`);
          return `ok after ${seen.length}`;
        },
        2,
      );
      const flaky = await q.add('flaky', {}, { attempts: 3, backoff: { type: 'fixed', delay: 150 } });
      const doomed = await q.add('doomed', {}, { attempts: 2, backoff: { type: 'fixed', delay: 50 } });
      assert.equal(await flaky.waitUntilFinished(events, 20_000), 'ok after 3');
      await assert.rejects(doomed.waitUntilFinished(events, 20_000), /doomed every time/);

      const f = starts.get('flaky')!;
      assert.equal(f.length, 3);
      for (let k = 1; k < f.length; k++) assert.ok(f[k] - f[k - 1] >= 150, `backoff between attempts: ${f}`);
      assert.equal(starts.get('doomed')!.length, 2);
      const flakyNow = (await q.getJob(flaky.id!))!;
      assert.equal(await flakyNow.getState(), 'completed');
      assert.equal(flakyNow.attemptsMade, 3);
      const doomedNow = (await q.getJob(doomed.id!))!;
      assert.equal(await doomedNow.getState(), 'failed');
      assert.equal(doomedNow.failedReason, 'doomed every time');
      assert.deepEqual(await q.getJobCounts('completed', 'failed', 'waiting', 'delayed'), {
        completed: 1,
        failed: 1,
        waiting: 0,
        paused: 0,
        delayed: 0,
      });
    });

    test('delayed jobs run after their delay, in delay order, and not before', async () => {
      const q = fx.queue('delayed');
      const events = await fx.events('delayed');
      const started = new Map<string, number>();
      fx.worker(
        'delayed',
        async (job) => {
          started.set(job.name, Date.now());
          return job.name;
        },
        4,
      );
      const delays: Record<string, number> = { d500: 500, d200: 200, now: 0, d350: 350 };
      const jobs = await Promise.all(
        Object.entries(delays).map(([name, delay]) => q.add(name, {}, delay ? { delay } : {})),
      );
      const states = await Promise.all(jobs.map((j) => j.getState()));
      assert.deepEqual(
        states.map((s, k) => (jobs[k].name === 'now' ? 'now' : s)),
        ['delayed', 'delayed', 'now', 'delayed'],
      );
      await Promise.all(jobs.map((j) => j.waitUntilFinished(events, 20_000)));
      for (const j of jobs) {
        const ran = started.get(j.name)!;
        assert.ok(
          ran >= j.timestamp + delays[j.name],
          `${j.name} ran ${ran - j.timestamp} ms after it was added`,
        );
      }
      const order = [...started.entries()].sort((a, b) => a[1] - b[1]).map(([name]) => name);
      assert.deepEqual(order, ['now', 'd200', 'd350', 'd500']);
    });

    test('progress reaches QueueEvents in order', async () => {
      const q = fx.queue('progress');
      const events = await fx.events('progress');
      const seen: unknown[] = [];
      events.on('progress', ({ data }) => void seen.push(data));
      fx.worker('progress', async (job) => {
        await job.updateProgress(25);
        await job.updateProgress(50);
        await job.updateProgress({ step: 'done', of: 3 });
        return 'finished';
      });
      const job = await q.add('p', { x: 1 });
      assert.equal(await job.waitUntilFinished(events, 20_000), 'finished');
      await until('three progress events', () => seen.length === 3, 5000, 20);
      assert.deepEqual(seen, [25, 50, { step: 'done', of: 3 }]);
      assert.deepEqual((await q.getJob(job.id!))!.progress, { step: 'done', of: 3 });
    });

    test('priorities: lower numbers run first', async () => {
      const q = fx.queue('prio');
      const events = await fx.events('prio');
      const jobs = [];
      for (const priority of [5, 1, 4, 2, 3]) jobs.push(await q.add(`p${priority}`, {}, { priority }));
      assert.equal((await q.getJobCounts('prioritized')).prioritized, 5);
      const order: string[] = [];
      fx.worker('prio', async (job) => void order.push(job.name), 1);
      await Promise.all(jobs.map((j) => j.waitUntilFinished(events, 20_000)));
      assert.deepEqual(order, ['p1', 'p2', 'p3', 'p4', 'p5']);
    });

    test('a repeatable job (job scheduler, every 150 ms, limit 3) runs three times', async () => {
      const q = fx.queue('repeat');
      let ticks = 0;
      fx.worker('repeat', async () => void ticks++, 1);
      await q.upsertJobScheduler('ticker', { every: 150, limit: 3 }, { name: 'tick', data: {} });
      await until('three ticks', () => ticks === 3, 20_000, 20);
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(ticks, 3);
    });

    if (kind === 'strata-tiered') {
      test('the tiered server offloaded values and job hashes during the run', async () => {
        assert.ok((await tieredCounter(target.port, 'tiered_total_stashes')) > 0);
        // The jobs kept after completion (retries, delayed, progress, priorities) are small hashes.
        await until(
          'job hashes on disk',
          async () => (await tieredCounter(target.port, 'tiered_hash_entries')) > 0,
          10_000,
          20,
        );
      });
    }
  });
}
