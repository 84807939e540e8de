// The engine suite, run once per engine: io_uring and the thread-pool fallback must behave the same.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createIoEngine, PAGE_SIZE, type IoEngine, type IoEngineKind, type IoError } from './index';

const KINDS: IoEngineKind[] = ['io_uring', 'threadpool'];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fillRandom(buf: Buffer, next: () => number): void {
  for (let i = 0; i < buf.length; i += 4) buf.writeUInt32LE((next() * 4294967296) >>> 0, i);
}

async function rejects(p: Promise<unknown>, code: string): Promise<IoError> {
  try {
    await p;
  } catch (err) {
    assert.equal((err as IoError).code, code, (err as Error).message);
    assert.ok(err instanceof Error);
    return err as IoError;
  }
  assert.fail(`expected a rejection with ${code}`);
}

function ioUringUsable(): string | undefined {
  try {
    const e = createIoEngine({ engine: 'io_uring', poolBytes: 0 });
    void e.close();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function openFds(): string[] {
  return fs
    .readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return `${fd}:${fs.readlinkSync(`/proc/self/fd/${fd}`)}`;
      } catch {
        return `${fd}:gone`; // the descriptor readdir itself used
      }
    })
    .filter((s) => !s.endsWith(':gone'))
    .sort();
}

for (const kind of KINDS) {
  const unavailable = kind === 'io_uring' ? ioUringUsable() : undefined;
  describe(
    `engine ${kind}`,
    { skip: unavailable ? `io_uring unavailable here: ${unavailable}` : false },
    () => {
      let dir: string;
      let engine: IoEngine;
      before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), `strata-native-${kind}-`));
        engine = createIoEngine({ engine: kind });
      });
      after(async () => {
        await engine.close();
        fs.rmSync(dir, { recursive: true, force: true });
      });

      it('reports its kind', () => {
        assert.equal(engine.kind, kind);
        assert.equal(engine.stats().kind, kind);
      });

      it('keeps random patterns intact at random offsets and sizes, many in flight', async () => {
        const seed = (Date.now() ^ (kind.length * 7919)) >>> 0;
        const next = rng(seed);
        const pages = 2048; // 8 MiB
        const file = engine.openFile(path.join(dir, 'integrity.dat'), { size: pages * PAGE_SIZE });
        const model = Buffer.alloc(pages * PAGE_SIZE);
        for (let round = 0; round < 3; round++) {
          // Non-overlapping extents of 1..32 pages covering random parts of the file, written concurrently.
          const writes: Promise<void>[] = [];
          const used: Buffer[] = [];
          let page = Math.floor(next() * 8);
          while (page < pages) {
            const n = Math.min(pages - page, 1 + Math.floor(next() * 32));
            if (next() < 0.7) {
              const buf = engine.allocBuffer(n * PAGE_SIZE);
              fillRandom(buf, next);
              buf.copy(model, page * PAGE_SIZE);
              writes.push(file.write(page * PAGE_SIZE, buf));
              used.push(buf);
            }
            page += n + Math.floor(next() * 4);
          }
          assert.ok(writes.length > 20);
          await Promise.all(writes);
          for (const b of used) engine.releaseBuffer(b);
          // Read back with different extents (1..48 pages), all in flight together.
          const reads: Promise<void>[] = [];
          page = 0;
          while (page < pages) {
            const n = Math.min(pages - page, 1 + Math.floor(next() * 48));
            const at = page;
            reads.push(
              file.read(at * PAGE_SIZE, n * PAGE_SIZE).then((buf) => {
                const want = model.subarray(at * PAGE_SIZE, (at + n) * PAGE_SIZE);
                if (!buf.equals(want)) assert.fail(`seed ${seed}: mismatch at page ${at} (+${n})`);
                engine.releaseBuffer(buf);
              }),
            );
            page += n;
          }
          await Promise.all(reads);
        }
        await file.close();
        assert.equal(engine.stats().poolInUseBytes, 0);
      });

      it('runs thousands of concurrent operations (more than fit in the ring) and batches submissions', async () => {
        const small = createIoEngine({ engine: kind, maxInFlight: 64, sqEntries: 32, poolBytes: 1 << 20 });
        try {
          const count = 3000;
          const file = small.openFile(path.join(dir, 'many.dat'), { size: count * PAGE_SIZE });
          const bufs = Array.from({ length: count }, (_, i) => {
            const buf = small.allocBuffer(PAGE_SIZE);
            buf.fill(i & 0xff);
            buf.writeUInt32LE(i, 0);
            return buf;
          });
          // The pool (1 MiB = 256 pages) is exhausted after 256 buffers: the rest are heap fallbacks.
          assert.ok(small.stats().heapAllocations > 0);
          const before = small.stats();
          await Promise.all(bufs.map((b, i) => file.write(i * PAGE_SIZE, b)));
          const mid = small.stats();
          assert.equal(mid.completed - before.completed, count);
          // One submission for the initial tick, then at most one per completion batch (the backlog refills
          // the freed slots), never one per operation.
          const submits = mid.submits - before.submits;
          const batches = mid.completionBatches - before.completionBatches;
          assert.ok(submits <= batches + 1, `${submits} submits for ${batches} completion batches`);
          assert.ok(batches < count, `${batches} completion batches for ${count} ops`);
          const out = await Promise.all(bufs.map((_, i) => file.read(i * PAGE_SIZE, PAGE_SIZE)));
          out.forEach((b, i) => {
            assert.equal(b.readUInt32LE(0), i);
            assert.equal(b[PAGE_SIZE - 1], i & 0xff);
          });
        } finally {
          await small.close();
        }
      });

      it('hands every operation issued in one tick to the kernel in one submission', async () => {
        const file = engine.openFile(path.join(dir, 'tick.dat'), { size: 64 * PAGE_SIZE });
        const before = engine.stats().submits;
        const reads = [];
        for (let i = 0; i < 64; i++) reads.push(file.read(i * PAGE_SIZE, PAGE_SIZE));
        assert.equal(engine.stats().submits, before, 'nothing is submitted synchronously');
        assert.equal(engine.pending, 64);
        const bufs = await Promise.all(reads);
        assert.equal(engine.stats().submits, before + 1);
        assert.equal(engine.pending, 0);
        bufs.forEach((b) => engine.releaseBuffer(b));
        await file.close();
      });

      it('submits on setImmediate or only on flush() when asked to', async () => {
        for (const flush of ['immediate', 'manual'] as const) {
          const local = createIoEngine({ engine: kind, flush, poolBytes: 1 << 20 });
          try {
            const file = local.openFile(path.join(dir, `flush-${flush}.dat`), { size: 8 * PAGE_SIZE });
            const reads = [file.read(0, PAGE_SIZE), file.read(PAGE_SIZE, PAGE_SIZE)];
            await new Promise((resolve) => process.nextTick(resolve));
            assert.equal(local.stats().submits, 0, `${flush}: nothing submitted within the tick`);
            if (flush === 'manual') {
              await new Promise((resolve) => setTimeout(resolve, 20));
              assert.equal(local.stats().submits, 0, 'manual: nothing submitted without flush()');
              local.flush();
            }
            await Promise.all(reads);
            assert.equal(local.stats().submits, 1);
          } finally {
            await local.close();
          }
        }
      });

      it('gives reads overlapping writes to the same pages old or new data per sector, and the last write wins', async () => {
        const pages = 16;
        const versions = 12;
        const file = engine.openFile(path.join(dir, 'mixed.dat'), { size: pages * PAGE_SIZE });
        const stamp = (buf: Buffer, page: number, version: number): void => {
          for (let i = 0; i < buf.length; i += 8) {
            buf.writeUInt32LE(page, i);
            buf.writeUInt32LE(version, i + 4);
          }
        };
        const completed = new Int32Array(pages).fill(-1);
        const issued = new Int32Array(pages).fill(-1);
        let stop = false;
        let checkedReads = 0;
        const reader = async (page: number): Promise<void> => {
          while (!stop) {
            const floor = completed[page];
            const buf = await file.read(page * PAGE_SIZE, PAGE_SIZE);
            const ceiling = issued[page];
            for (let s = 0; s < PAGE_SIZE; s += 512) {
              const v = buf.readInt32LE(s + 4);
              const okZero = floor < 0 && buf.readUInt32LE(s) === 0 && v === 0;
              if (!okZero) {
                assert.equal(buf.readUInt32LE(s), page, `sector ${s} of page ${page} holds another page`);
                assert.ok(
                  v >= floor && v <= ceiling,
                  `page ${page} sector ${s}: version ${v} not in ${floor}..${ceiling}`,
                );
                for (let i = s; i < s + 512; i += 8) assert.equal(buf.readInt32LE(i + 4), v, 'torn sector');
              }
            }
            engine.releaseBuffer(buf);
            checkedReads++;
          }
        };
        const writer = async (page: number): Promise<void> => {
          const buf = engine.allocBuffer(PAGE_SIZE);
          for (let v = 0; v < versions; v++) {
            stamp(buf, page, v);
            issued[page] = v;
            await file.write(page * PAGE_SIZE, buf);
            completed[page] = v;
          }
          engine.releaseBuffer(buf);
        };
        const readers = [];
        for (let p = 0; p < pages; p++) for (let r = 0; r < 3; r++) readers.push(reader(p));
        await Promise.all(Array.from({ length: pages }, (_, p) => writer(p)));
        stop = true;
        await Promise.all(readers);
        assert.ok(checkedReads > pages * 3);
        for (let p = 0; p < pages; p++) {
          const buf = await file.read(p * PAGE_SIZE, PAGE_SIZE);
          assert.equal(buf.readUInt32LE(0), p);
          assert.equal(buf.readUInt32LE(4), versions - 1);
          engine.releaseBuffer(buf);
        }
        await file.close();
      });

      it('supports readv, writev, fdatasync and the callback forms', async () => {
        const file = engine.openFile(path.join(dir, 'vec.dat'), { size: 16 * PAGE_SIZE });
        const parts = [
          engine.allocBuffer(PAGE_SIZE),
          engine.allocBuffer(3 * PAGE_SIZE),
          engine.allocBuffer(PAGE_SIZE),
        ];
        parts.forEach((b, i) => b.fill(0x41 + i));
        await file.writev(2 * PAGE_SIZE, parts);
        await file.fdatasync();
        const whole = await file.read(2 * PAGE_SIZE, 5 * PAGE_SIZE);
        assert.equal(whole[0], 0x41);
        assert.equal(whole[PAGE_SIZE], 0x42);
        assert.equal(whole[4 * PAGE_SIZE - 1], 0x42);
        assert.equal(whole[4 * PAGE_SIZE], 0x43);
        const back = [engine.allocBuffer(2 * PAGE_SIZE), engine.allocBuffer(3 * PAGE_SIZE)];
        const got = await file.readv(2 * PAGE_SIZE, back);
        assert.equal(got, back);
        assert.ok(Buffer.concat(back).equals(whole));
        const viaCb = await new Promise<Buffer>((resolve, reject) =>
          file.readIntoCb(PAGE_SIZE * 3, engine.allocBuffer(PAGE_SIZE), PAGE_SIZE, (err, buf) =>
            err ? reject(err) : resolve(buf),
          ),
        );
        assert.equal(viaCb[0], 0x42);
        const w = engine.allocBuffer(PAGE_SIZE).fill(0x5a);
        await new Promise<void>((resolve, reject) =>
          file.writeCb(0, w, (err) => (err ? reject(err) : resolve())),
        );
        assert.equal((await file.read(0, PAGE_SIZE))[100], 0x5a);
        const cbErr = await new Promise<IoError | null>((resolve) =>
          file.writeCb(1, w, (err) => resolve(err)),
        );
        assert.equal(cbErr?.code, 'EINVAL');
        await file.close();
      });

      it('rejects misaligned, out-of-range and past-end requests with errno codes', async () => {
        const file = engine.openFile(path.join(dir, 'errors.dat'), { size: 4 * PAGE_SIZE });
        const buf = engine.allocBuffer(2 * PAGE_SIZE);
        await rejects(file.write(0, buf.subarray(512, 512 + PAGE_SIZE)), 'EINVAL');
        await rejects(file.write(0, Buffer.alloc(PAGE_SIZE + 1).subarray(1)), 'EINVAL');
        await rejects(file.write(100, buf), 'EINVAL');
        await rejects(file.write(-PAGE_SIZE, buf), 'EINVAL');
        await rejects(file.write(2 ** 60, buf), 'EINVAL');
        await rejects(file.readInto(0, buf, 1000), 'EINVAL');
        await rejects(file.readInto(0, buf, 4 * PAGE_SIZE), 'EINVAL');
        await rejects(file.read(0, 0), 'EINVAL');
        await rejects(file.readv(0, [buf.subarray(100, 100 + PAGE_SIZE)]), 'EINVAL');
        await rejects(file.writev(0, []), 'EINVAL');
        await rejects(file.write(0, undefined as unknown as Buffer), 'EINVAL');
        await rejects(file.write(0, 'text' as unknown as Buffer), 'EINVAL');
        await rejects(file.readInto(0, null as unknown as Buffer), 'EINVAL');
        await rejects(file.read(0.5 as number, PAGE_SIZE), 'EINVAL');
        const noBuf = await new Promise<IoError | null>((resolve) =>
          file.readIntoCb(0, undefined as unknown as Buffer, PAGE_SIZE, (err) => resolve(err)),
        );
        assert.equal(noBuf?.code, 'EINVAL');
        // Entirely past the end, and straddling it: never a silent short read.
        const past = await rejects(file.read(8 * PAGE_SIZE, PAGE_SIZE), 'ERANGE');
        assert.equal(past.bytesTransferred, 0);
        const straddle = await rejects(file.read(2 * PAGE_SIZE, 4 * PAGE_SIZE), 'ERANGE');
        assert.equal(straddle.bytesTransferred, 2 * PAGE_SIZE);
        assert.match(straddle.message, /past end of file/);
        const vshort = await rejects(file.readv(3 * PAGE_SIZE, [buf]), 'ERANGE');
        assert.equal(vshort.bytesTransferred, PAGE_SIZE);
        assert.throws(() => engine.releaseBuffer(buf.subarray(PAGE_SIZE)), { code: 'EINVAL' });
        engine.releaseBuffer(buf);
        assert.throws(() => engine.releaseBuffer(buf), { code: 'EINVAL' }, 'double release');
        assert.equal(engine.stats().pending, 0);
        await file.close();
        await rejects(file.read(0, PAGE_SIZE), 'EBADF');
        await rejects(file.write(0, engine.allocBuffer(PAGE_SIZE)), 'EBADF');
        await rejects(file.fdatasync(), 'EBADF');
        assert.throws(() => file.grow(8 * PAGE_SIZE), { code: 'EBADF' });
      });

      it('grows with fallocate, truncates and unlinks on close', async () => {
        const p = path.join(dir, 'grow.dat');
        const file = engine.openFile(p, { size: 4 * PAGE_SIZE, unlinkOnClose: true });
        assert.equal(file.size, 4 * PAGE_SIZE);
        file.grow(64 * PAGE_SIZE);
        const st = fs.statSync(p);
        assert.equal(st.size, 64 * PAGE_SIZE);
        assert.ok(st.blocks * 512 >= 64 * PAGE_SIZE, 'blocks are allocated');
        assert.throws(() => file.grow(PAGE_SIZE), { code: 'EINVAL' });
        const buf = engine.allocBuffer(PAGE_SIZE).fill(9);
        await file.write(63 * PAGE_SIZE, buf);
        await file.write(70 * PAGE_SIZE, buf);
        assert.equal(file.size, 71 * PAGE_SIZE, 'a write past the end extends the known size');
        file.truncate(8 * PAGE_SIZE);
        assert.equal(fs.statSync(p).size, 8 * PAGE_SIZE);
        await rejects(file.read(63 * PAGE_SIZE, PAGE_SIZE), 'ERANGE');
        await file.close();
        assert.equal(fs.existsSync(p), false);
        const sparse = engine.openFile(path.join(dir, 'sparse.dat'), { size: 256 * PAGE_SIZE, sparse: true });
        assert.equal(fs.fstatSync(sparse.fd).blocks, 0);
        await sparse.close();
      });

      it('reports ENOSPC on a full filesystem', async (t) => {
        const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-full-'));
        const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], {
          encoding: 'utf8',
        });
        if (mount.status !== 0) {
          fs.rmSync(mnt, { recursive: true, force: true });
          t.skip(`cannot mount a 1 MiB tmpfs here (${(mount.stderr || mount.error?.message || '').trim()})`);
          return;
        }
        try {
          assert.throws(
            () => engine.openFile(path.join(mnt, 'prealloc.dat'), { direct: false, size: 4 << 20 }),
            { code: 'ENOSPC' },
            'fallocate beyond the free space',
          );
          const file = engine.openFile(path.join(mnt, 'full.dat'), { direct: false });
          const big = engine.allocBuffer(2 << 20).fill(1);
          const err = await rejects(file.write(0, big), 'ENOSPC');
          assert.match(err.message, /ENOSPC: no space left on device, write/);
          // The engine is still healthy afterwards.
          const small = engine.allocBuffer(PAGE_SIZE).fill(2);
          file.truncate(0);
          await file.write(0, small);
          assert.equal((await file.read(0, PAGE_SIZE))[0], 2);
          engine.releaseBuffer(big);
          await file.close();
        } finally {
          spawnSync('umount', [mnt]);
          fs.rmSync(mnt, { recursive: true, force: true });
        }
      });

      it('leaks no descriptors over many engine lifetimes', async () => {
        const before = openFds();
        for (let i = 0; i < 20; i++) {
          const e = createIoEngine({ engine: kind, poolBytes: 1 << 20, maxInFlight: 16 });
          const f = e.openFile(path.join(dir, `cycle-${i}.dat`), {
            size: 8 * PAGE_SIZE,
            unlinkOnClose: true,
          });
          const pending = [f.write(0, e.allocBuffer(PAGE_SIZE)), f.read(PAGE_SIZE, PAGE_SIZE), f.fdatasync()];
          await e.close();
          await Promise.all(pending);
        }
        assert.deepEqual(openFds(), before);
        assert.deepEqual(
          fs.readdirSync(dir).filter((n) => n.startsWith('cycle-')),
          [],
        );
      });

      it('still settles the rest of a completion batch when a callback throws', () => {
        const script = `const m = require(${JSON.stringify(path.join(__dirname, 'index.js'))});
        const e = m.createIoEngine({ engine: process.argv[1] });
        const f = e.openFile(process.argv[2], { size: 64 * 4096, unlinkOnClose: true });
        let settled = 0; const errors = [];
        process.on('uncaughtException', (err) => errors.push(err.message));
        for (let i = 0; i < 32; i++) {
          f.readIntoCb(i * 4096, e.allocBuffer(4096), 4096, (err) => {
            if (err) throw err;
            settled++;
            if (i % 8 === 0) throw new Error('boom ' + i);
          });
        }
        setTimeout(async () => { await e.close(); console.log(JSON.stringify({ settled, errors: errors.length })); }, 300);`;
        const r = spawnSync(process.execPath, ['-e', script, kind, path.join(dir, 'throw.dat')], {
          encoding: 'utf8',
        });
        assert.equal(r.status, 0, r.stderr);
        const out = JSON.parse(r.stdout);
        assert.equal(out.settled, 32);
        assert.equal(out.errors, 4, 'every exception surfaces as uncaught');
      });

      it('survives worker threads that exit or are terminated with operations in flight', () => {
        const index = JSON.stringify(path.join(__dirname, 'index.js'));
        const workerCode = `const m = require(${index});
        const e = m.createIoEngine({ engine: '${kind}' });
        const f = e.openFile(require('path').join(${JSON.stringify(dir)}, 'worker-' + process.pid + '-' + require('worker_threads').threadId),
          { size: 1024 * 4096, unlinkOnClose: true });
        for (let i = 0; i < 2000; i++) f.read((i % 1024) * 4096, 4096).catch(() => {});
        require('worker_threads').parentPort.postMessage('issued');`;
        const main = `const { Worker } = require('worker_threads'); const code = process.argv[1];
        (async () => {
          for (let i = 0; i < 4; i++) {
            const w = new Worker(code, { eval: true });
            await new Promise((res) => w.on('message', res));
            await w.terminate();
          }
          const w = new Worker(code + '; process.exit(0)', { eval: true });
          await new Promise((res) => w.on('exit', res));
          console.log('survived');
        })();`;
        const r = spawnSync(process.execPath, ['-e', main, workerCode], { encoding: 'utf8', timeout: 60000 });
        assert.equal(r.status, 0, `exit ${r.status} signal ${r.signal}: ${r.stderr}`);
        assert.match(r.stdout, /survived/);
      });

      it('settles every operation and releases the descriptor when closed with operations in flight', async () => {
        const fdsBefore = openFds();
        const local = createIoEngine({ engine: kind, maxInFlight: 128, poolBytes: 4 << 20 });
        assert.ok(openFds().length > fdsBefore.length);
        const p = path.join(dir, 'close.dat');
        const file = local.openFile(p, { size: 256 * PAGE_SIZE, unlinkOnClose: true });
        const buf = local.allocBuffer(PAGE_SIZE).fill(3);
        const ops: Promise<unknown>[] = [];
        for (let i = 0; i < 600; i++) {
          ops.push(
            i % 2 ? file.write((i % 256) * PAGE_SIZE, buf) : file.read((i % 256) * PAGE_SIZE, PAGE_SIZE),
          );
        }
        const closing = local.close();
        const late = rejects(file.read(0, PAGE_SIZE), 'EBADF');
        const results = await Promise.allSettled(ops);
        await closing;
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 600, 'accepted ops complete');
        await late;
        assert.equal(file.isOpen, false);
        assert.equal(fs.existsSync(p), false);
        assert.equal(local.stats().pending, 0);
        assert.equal(local.isClosed, true);
        assert.throws(() => local.openFile(path.join(dir, 'after.dat')), { code: 'EBADF' });
        assert.deepEqual(openFds(), fdsBefore, 'file, ring and eventfd descriptors are closed');
      });
    },
  );
}

describe('engine selection', () => {
  const probe = `const m = require(${JSON.stringify(path.join(__dirname, 'index.js'))});
    const e = m.createIoEngine({ poolBytes: 0 }); console.log(JSON.stringify({ kind: e.kind, reason: e.fallbackReason })); e.close();`;

  it('STRATA_IO_ENGINE=threadpool forces the fallback engine', () => {
    const r = spawnSync(process.execPath, ['-e', probe], {
      env: { ...process.env, STRATA_IO_ENGINE: 'threadpool' },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.kind, 'threadpool');
    assert.match(out.reason, /STRATA_IO_ENGINE/);
  });

  it('defaults to io_uring when the ring can be created', (t) => {
    const unavailable = ioUringUsable();
    if (unavailable) {
      t.skip(`io_uring unavailable here: ${unavailable}`);
      return;
    }
    const env = { ...process.env };
    delete env.STRATA_IO_ENGINE;
    const r = spawnSync(process.execPath, ['-e', probe], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).kind, 'io_uring');
  });

  it('falls back to the thread pool when the ring cannot be set up', (t) => {
    const unavailable = ioUringUsable();
    if (unavailable) {
      t.skip(`io_uring unavailable here anyway: ${unavailable}`);
      return;
    }
    // Exhaust the descriptor table but one: the ring takes the last descriptor, its eventfd then fails
    // with EMFILE, the ring is torn down and the thread-pool engine gets the descriptor back.
    const script = `const fs = require('fs'); const m = require(${JSON.stringify(path.join(__dirname, 'index.js'))});
      const held = []; try { for (;;) held.push(fs.openSync('/dev/null', 'r')); } catch (e) { if (e.code !== 'EMFILE') throw e; }
      fs.closeSync(held.pop());
      let explicit = 'created';
      try { m.createIoEngine({ engine: 'io_uring', poolBytes: 0 }); } catch (e) { explicit = e.code; }
      const e = m.createIoEngine({ poolBytes: 0 });
      console.log(JSON.stringify({ kind: e.kind, reason: e.fallbackReason, explicit }));`;
    const env = { ...process.env };
    delete env.STRATA_IO_ENGINE;
    const r = spawnSync('sh', ['-c', `ulimit -n 64 && exec "${process.execPath}" -e "$0"`, script], {
      env,
      encoding: 'utf8',
    });
    if (r.status !== 0 && /ulimit/.test(r.stderr)) {
      t.skip(`cannot lower the descriptor limit here: ${r.stderr.trim()}`);
      return;
    }
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.kind, 'threadpool');
    assert.match(out.reason, /^io_uring unavailable: EMFILE/);
    assert.equal(out.explicit, 'EMFILE', 'an explicit io_uring request fails instead of falling back');
  });

  it('an idle engine does not keep the process alive', () => {
    const r = spawnSync(
      process.execPath,
      ['-e', `const m = require(${JSON.stringify(path.join(__dirname, 'index.js'))}); m.createIoEngine();`],
      { encoding: 'utf8', timeout: 20000 },
    );
    assert.equal(r.status, 0, r.stderr);
  });
});

describe('malloc mmap threshold', () => {
  it('is set through mallopt in the calling process, and bad values are refused', () => {
    // In a child: the setting is process-wide and the test runner's own allocations are not ours.
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        `const m = require(${JSON.stringify(path.join(__dirname, 'index.js'))});
         const out = { set: m.setMallocMmapThreshold(131072), max: m.setMallocMmapThreshold(m.MAX_MMAP_THRESHOLD) };
         for (const bad of [-1, 1.5, m.MAX_MMAP_THRESHOLD + 1, NaN]) {
           try { m.setMallocMmapThreshold(bad); out.bad = 'accepted ' + bad; } catch (e) { out.bad ??= e.name; }
         }
         console.log(JSON.stringify(out));`,
      ],
      { encoding: 'utf8', timeout: 20000 },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { set: true, max: true, bad: 'RangeError' });
  });
});
