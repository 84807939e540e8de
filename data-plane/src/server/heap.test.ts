/**
 * The young-generation bound (heap.ts) of a server started by bin/strata-server.js with tiering on:
 * values that stay alive (no memory pressure) would make V8 grow the semi-spaces to 16 MiB each; the
 * server keeps them at YOUNG_SEMI_SPACE_CAP. With the size given as a node flag, V8's own growth applies.
 * The old-generation bound follows every major collection (counted for INFO tiered_heap_collections).
 * V8's helper threads run at a lower priority than the main thread.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import Redis from 'ioredis';
import { spawnStrata } from '../testing/harness';
import {
  HELPER_THREAD_NICE,
  YOUNG_SEMI_SPACE_CAP,
  boundOldGeneration,
  oldGenerationCollections,
} from './heap';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-heap-'));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function start(nodeFlags: string[], name: string): Promise<Redis> {
  const flags = ['--tiered_prefix', path.join(tmp, name), '--maxmemory', String(1024 * 1024 * 1024)];
  const server = await spawnStrata(flags, { nodeFlags, timeoutMs: 30_000 });
  children.push(server.process);
  return new Redis({ port: server.port, lazyConnect: true });
}

/** Writes `mib` MiB of 1 KiB values that stay in RAM (maxmemory is far away), then INFO's young bytes. */
async function youngAfterWrites(r: Redis, mib: number): Promise<number> {
  await r.connect();
  const value = 'x'.repeat(1024);
  for (let i = 0; i < mib; i++) {
    const p = r.pipeline();
    for (let k = 0; k < 1024; k++) p.set(`k:${i}:${k}`, value + i);
    await p.exec();
  }
  const info = await r.info('tiered');
  const m = /tiered_heap_young_bytes:(\d+)/.exec(info);
  assert.ok(m, 'INFO TIERED has tiered_heap_young_bytes');
  await r.quit();
  return Number(m[1]);
}

test('young generation stays at the cap while values survive', async () => {
  const young = await youngAfterWrites(await start([], 'capped'), 48);
  assert.ok(young > 0);
  assert.ok(young <= 2 * YOUNG_SEMI_SPACE_CAP, `young generation ${young} bytes`);
});

test('node flags for the young generation win over the cap', async () => {
  const young = await youngAfterWrites(await start(['--max-semi-space-size=16'], 'flag'), 48);
  assert.ok(young > 2 * YOUNG_SEMI_SPACE_CAP, `young generation ${young} bytes`);
});

test('the old-generation bound sees the major collections that dead strings cause', async () => {
  boundOldGeneration(8 * 1024 * 1024);
  const before = oldGenerationCollections();
  // Strings that outlive a few scavenges (promoted), then die: what dropped RAM copies leave behind.
  // The observer runs in a later turn, so the loop yields now and then.
  let kept: string[] = [];
  for (let round = 0; round < 40_000 && oldGenerationCollections() === before; round++) {
    for (let i = 0; i < 500; i++) kept.push('v'.repeat(1000) + round + ':' + i);
    if (kept.length >= 50_000) kept = [];
    if (round % 20 === 0) await new Promise((r) => setTimeout(r, 1));
  }
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(oldGenerationCollections() > before, 'a major collection was observed');
});

test("V8's helper threads run at a lower priority than the main thread", async () => {
  const server = await spawnStrata([], { timeoutMs: 30_000 });
  children.push(server.process);
  const pid = server.process.pid!;
  const nice = (tid: string) => {
    // Field 19 of /proc/<pid>/task/<tid>/stat, counted after the command name in parentheses.
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  };
  const comm = (tid: string) => fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'latin1').trim();
  const helpers = fs
    .readdirSync(`/proc/${pid}/task`)
    .filter((tid) => Number(tid) !== pid && !/^(iou-|libuv)/.test(comm(tid)));
  assert.ok(helpers.length >= 4, `V8's platform workers are there: ${helpers.length}`);
  const main = nice(String(pid));
  assert.equal(main, os.getPriority(), 'the main thread keeps the priority it was started with');
  for (const tid of helpers) assert.equal(nice(tid), Math.max(HELPER_THREAD_NICE, main), `thread ${tid}`);
  const r = new Redis({ port: server.port });
  assert.equal(await r.ping(), 'PONG');
  r.disconnect();
});
