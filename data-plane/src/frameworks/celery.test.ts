/**
 * celery-node (npm, unchanged; ioredis 4 inside) with its Redis broker and result backend against
 * redis-server, strata-server, and strata-server with list, hash and string tiering forced on.
 *
 * The broker is a list (LPUSH by the client, BRPOP by the worker), the backend stores each result with
 * SETEX and PUBLISHes it on `celery-task-meta-<id>`. The client enqueues the whole backlog before the
 * worker starts, so with tiering on the middle of the queue is on disk when the worker drains it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import Redis from 'ioredis';
import { createClient, createWorker } from 'celery-node';
import { prng } from '../testing/prng';
import { until } from '../testing/harness';
import { TARGET_KINDS, startTarget, tieredCounter, type Target } from './targets';

const TASKS = 3000;
const QUEUE = 'strata-celery';

/** The argument of task i: a few hundred printable bytes, a function of i. */
function payloadOf(i: number): string {
  const rnd = prng(20261127 + i);
  const len = 200 + Math.floor(rnd() * 400);
  let s = '';
  for (let k = 0; k < len; k++) s += String.fromCharCode(33 + Math.floor(rnd() * 94));
  return s;
}

/** What the digest task returns for task i (computed here and in the worker). */
function digest(i: number, payload: string, tag: string): string {
  return `${tag}:${i}:${payload.length}:${createHash('sha1').update(payload).digest('hex')}`;
}

describe('celery-node: a client and a worker over the Redis broker and backend', () => {
  // celery-node logs every task it receives and finishes with console.info.
  const quietInfo = console.info;
  before(() => {
    console.info = () => undefined;
  });
  after(() => {
    console.info = quietInfo;
  });

  for (const kind of TARGET_KINDS) {
    test(`${TASKS} tasks with payloads, one failing task, results through the backend (${kind})`, async () => {
      const target: Target = await startTarget(kind);
      const url = `redis://127.0.0.1:${target.port}/0`;
      const probe = new Redis(target.port, '127.0.0.1');
      const listener = new Redis(target.port, '127.0.0.1');
      const client = createClient(url, url, QUEUE);
      const worker = createWorker(url, url, QUEUE);
      let published = 0;
      try {
        // The backend publishes every stored result; count them as a pub/sub subscriber would.
        await listener.psubscribe('celery-task-meta-*');
        listener.on('pmessage', () => published++);

        await Promise.all([client.isReady(), worker.isReady()]);
        const results = [];
        for (let i = 0; i < TASKS; i++) {
          results.push(client.sendTask('tasks.digest', [i, payloadOf(i)], { tag: 'd' }));
        }
        const failing = client.sendTask('tasks.fail', [TASKS], {});
        await until(
          `${TASKS + 1} queued tasks`,
          async () => (await probe.llen(QUEUE)) === TASKS + 1,
          30_000,
          20,
        );
        if (kind === 'strata-tiered') {
          // The worker starts on a queue whose middle is on disk.
          await until(
            'list nodes on disk',
            async () => (await tieredCounter(target.port, 'tiered_list_cold_nodes')) > 0,
            10_000,
            20,
          );
        }

        worker.register('tasks.digest', (i: number, payload: string, kwargs: { tag: string }) =>
          digest(i, payload, kwargs.tag),
        );
        worker.register('tasks.fail', (i: number) => {
          throw new Error(`task ${i} fails on purpose`);
        });
        void worker.start();

        await until(`${TASKS + 1} published results`, () => published === TASKS + 1, 90_000, 50);
        assert.equal(await probe.llen(QUEUE), 0);

        // Every result through the backend (GET celery-task-meta-<id>), in chunks: each pending
        // result polls with its own GET every 100 ms, so a large chunk would flood the connection.
        for (let from = 0; from < TASKS; from += 100) {
          const chunk = results.slice(from, from + 100);
          const got = await Promise.all(chunk.map((r) => r.get(10_000, 100)));
          got.forEach((value, k) => {
            const i = from + k;
            assert.equal(value, digest(i, payloadOf(i), 'd'), `result of task ${i}`);
          });
        }
        await assert.rejects(failing.get(10_000, 100), /FAILURE/);
        assert.equal(await failing.status(), 'FAILURE');
        const meta = JSON.parse((await probe.get(`celery-task-meta-${failing.taskId}`)) ?? 'null') as {
          status: string;
          result: unknown;
        };
        assert.deepEqual([meta.status, meta.result], ['FAILURE', null]);
        const ttl = await probe.ttl(`celery-task-meta-${failing.taskId}`);
        assert.ok(ttl > 86_000 && ttl <= 86_400, `result TTL ${ttl}`);

        if (kind === 'strata-tiered') {
          assert.ok((await tieredCounter(target.port, 'tiered_total_stashes')) > 0, 'values were offloaded');
        }
      } finally {
        await worker.disconnect().catch(() => undefined);
        await client.disconnect().catch(() => undefined);
        listener.disconnect();
        probe.disconnect();
        await target.close();
      }
    });
  }
});
