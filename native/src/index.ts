// @strata/native: asynchronous O_DIRECT disk I/O for the tiering engine, on io_uring.
//
// ---- Contract ----------------------------------------------------------------------------------------
//
// Engine. createIoEngine() returns one IoEngine per process (or per test). It runs on the JavaScript
//   thread: operations are queued in JS, handed to the kernel in one io_uring_submit per tick, and their
//   completions come back through an eventfd registered with the ring and polled by libuv, so no thread
//   sits between JS and the kernel. `engine.kind` says which engine runs:
//     'io_uring'   - liburing ring, registered (fixed) pool buffer when the memlock limit allows.
//     'threadpool' - pread/pwrite on libuv's thread pool (UV_THREADPOOL_SIZE threads, default 4), used
//                    when io_uring cannot be initialised (old kernel, sysctl, seccomp) or when
//                    STRATA_IO_ENGINE=threadpool is set. Same API and semantics, lower throughput.
//   `engine.fallbackReason` says why io_uring was not used, when it was not.
//
// Batching. Operations issued in the same synchronous run of JavaScript, including the promise
//   continuations that follow it, are submitted together: the first one schedules a flush with
//   process.nextTick (option flush: 'tick', the default; it runs once the microtask queue is empty, so
//   every continuation of a completion batch adds its operations first), on the microtask queue
//   ('microtask'), on setImmediate ('immediate'), or never ('manual': call engine.flush()). At most
//   maxInFlight operations are in the kernel; more wait in a FIFO backlog in JS and are submitted as
//   slots free up.
//
// Alignment. Offsets, lengths and buffer addresses must be multiples of PAGE_SIZE (4096), on every
//   file (O_DIRECT or not), and one operation moves at most MAX_IO_BYTES. Violations are rejected before
//   anything reaches the kernel with code EINVAL; offsets that are negative or not safe integers too.
//   Use engine.allocBuffer() for buffers: it returns 4 KiB-aligned views of the pool (no copy).
//
// Buffers. allocBuffer(size) returns a Buffer of size rounded up to 4 KiB from the pool; the caller
//   owns it until releaseBuffer(buf). read(offset, length) allocates its result the same way: release
//   it when done (or keep it; an unreleased block is only lost to the pool, never reused under you).
//   Never use a buffer after releasing it, and never release a buffer that an operation still uses.
//   A buffer passed to write/read* must stay untouched until its operation settles.
//
// Results. Every operation settles exactly once: read/readInto resolve with the filled Buffer, readv
//   with the buffers, write/writev/fdatasync with undefined. Failures reject with an IoError whose
//   `.code` is the errno name: the kernel's (EIO, ENOSPC, EBADF, EFBIG...), ERANGE for a read that hit
//   the end of file before `length` bytes (`.bytesTransferred` says how many arrived; a read is never
//   silently short), EIO for a short write that the kernel reported without an error, EBADF for an
//   operation on a closed file or engine, EINVAL for misaligned or out-of-range requests.
//   A short transfer is first retried for the remainder, so a full disk shows as ENOSPC.
//
// Ordering. Operations in flight are unordered: the kernel may complete them in any order. A read
//   that overlaps an in-flight write sees, per 512-byte sector, the old or the new data. Callers that
//   need order (write then read back, write then fdatasync) wait for the first to settle.
//
// Files. engine.openFile() opens synchronously (open, fallocate preallocation) because it happens at
//   start-up; grow() and truncate() are synchronous too. file.close() stops new operations (EBADF),
//   waits until the file's in-flight operations settle, closes the fd and unlinks the file when
//   unlinkOnClose is set. engine.close() closes every open file the same way, then frees the ring;
//   every promise issued before it settles. An engine must be closed: it keeps itself alive until then
//   (an idle engine does not keep the process alive, though). If its environment goes away first
//   (process exit, worker exit or terminate), the addon waits up to 10 s for the operations in flight
//   to finish, without calling JavaScript, before it frees the ring, so no I/O lands in freed memory.
//
// Callback form. readInto/write also exist as readIntoCb/writeCb with node-style callbacks, which skip
//   the promise allocation; the promise forms are thin wrappers over the same path. A callback that
//   throws does not disturb the other completions of its batch; its exception becomes an uncaught
//   exception on the next tick.

import * as fs from 'node:fs';
import { binding, type NativeEngine, type NativeEngineInfo } from './binding';
import { codeError, errnoError, type IoError } from './errors';
import { allocAligned, BufferPool, PAGE_SIZE, type PoolStats } from './pool';

export { PAGE_SIZE, type PoolStats } from './pool';
export type { IoError } from './errors';

export type IoEngineKind = 'io_uring' | 'threadpool';

/** When queued operations are handed to the kernel; see "Batching" above. */
export type FlushMode = 'tick' | 'microtask' | 'immediate' | 'manual';

/** Largest single read or write (bytes). */
export const MAX_IO_BYTES = 1 << 30;

/** Environment variable that forces the fallback engine when set to 'threadpool'. */
export const ENGINE_ENV = 'STRATA_IO_ENGINE';

export interface IoEngineOptions {
  /**
   * Engine to run. Default: STRATA_IO_ENGINE if set, else io_uring with an automatic fallback to
   * threadpool when the ring cannot be created. An explicit 'io_uring' throws instead of falling back.
   */
  engine?: IoEngineKind;
  /** Submission queue entries (default 256). More ops per tick are submitted in several chunks. */
  sqEntries?: number;
  /** Operations in the kernel at once (default 4096); the completion queue is sized to hold them all. */
  maxInFlight?: number;
  /** Bytes in the aligned buffer pool (default 32 MiB, at most 1 GiB; 0 disables the pool). */
  poolBytes?: number;
  /** Register the pool as an io_uring fixed buffer (default true; silently off if the kernel refuses). */
  registerBuffers?: boolean;
  /** When queued operations are submitted (default 'tick'). */
  flush?: FlushMode;
  /** IORING_SETUP_COOP_TASKRUN | SINGLE_ISSUER (default false; for measurements). */
  coopTaskrun?: boolean;
  /** IORING_SETUP_DEFER_TASKRUN | SINGLE_ISSUER (default false; for measurements). */
  deferTaskrun?: boolean;
}

export interface OpenFileOptions {
  /** Create the file if missing (default true). */
  create?: boolean;
  /** Truncate to zero first (default true): a tier file starts empty. */
  truncate?: boolean;
  /** O_DIRECT (default true). Set false on filesystems without it (tmpfs). */
  direct?: boolean;
  /** Preallocate the file to this many bytes (multiple of 4096; default 0). */
  size?: number;
  /** Extend with ftruncate (sparse) instead of fallocate (default false). */
  sparse?: boolean;
  /** Unlink the file when it is closed (default false). */
  unlinkOnClose?: boolean;
  /** Permission bits for a new file (default 0o600). */
  mode?: number;
}

export interface IoEngineStats extends PoolStats {
  kind: IoEngineKind;
  fixedBuffers: boolean;
  /** Operations accepted and not yet settled (queued, backlogged or in the kernel). */
  pending: number;
  /** Calls that handed operations to the kernel (one per flush). */
  submits: number;
  /** Operations submitted since creation. */
  submitted: number;
  /** Operations settled since creation. */
  completed: number;
  /** Completion batches delivered to JS. */
  completionBatches: number;
}

export type ReadCallback = (err: IoError | null, buf: Buffer) => void;
export type DoneCallback = (err: IoError | null) => void;

// ---- internals ---------------------------------------------------------------------------------------

const OP_READ = 1;
const OP_WRITE = 2;
const OP_FDATASYNC = 3;
const OP_READV = 4;
const OP_WRITEV = 5;
const OP_NAMES = ['', 'read', 'write', 'fdatasync', 'readv', 'writev'];
const BUF_ARENA = 0;
const BUF_EXTERNAL = 1;
const STRIDE = binding.descStride;
const MAX_POOL_BYTES = 1 << 30;

type Resolve = (value: unknown) => void;
type Reject = (reason: unknown) => void;
type AnyCallback = (err: IoError | null, value?: unknown) => void;

function resolveKind(requested: IoEngineKind | undefined): { kind: IoEngineKind; explicit: boolean } {
  if (requested) return { kind: requested, explicit: true };
  const env = process.env[ENGINE_ENV];
  if (env === 'threadpool' || env === 'io_uring') return { kind: env, explicit: env === 'io_uring' };
  return { kind: 'io_uring', explicit: false };
}

function positiveInt(name: string, value: number | undefined, dflt: number, max: number): number {
  const v = value ?? dflt;
  if (!Number.isSafeInteger(v) || v < 0 || v > max)
    throw new RangeError(`${name} must be an integer in 0..${max}`);
  return v;
}

/** Creates an engine; see the contract at the top of this file. */
/** glibc's largest M_MMAP_THRESHOLD on 64-bit (HEAP_MAX_SIZE / 2). */
export const MAX_MMAP_THRESHOLD = 32 * 1024 * 1024;

/**
 * Sets glibc malloc's mmap threshold for the whole process (mallopt M_MMAP_THRESHOLD): allocations of
 * at least `bytes` get their own mapping, given back to the system when freed, and glibc no longer
 * raises the threshold by itself (it does, up to 32 MiB, whenever a mapped chunk is freed; after that
 * large blocks come from the heap, and space freed between them stays in RSS). The same as
 * GLIBC_TUNABLES=glibc.malloc.mmap_threshold=<bytes>, which a process cannot set for itself. Returns
 * false when the C library refused it (or is not glibc).
 */
export function setMallocMmapThreshold(bytes: number): boolean {
  if (!Number.isInteger(bytes) || bytes < 0 || bytes > MAX_MMAP_THRESHOLD)
    throw new RangeError(`mmap threshold must be an integer from 0 to ${MAX_MMAP_THRESHOLD}`);
  return binding.setMmapThreshold(bytes);
}

export function createIoEngine(options: IoEngineOptions = {}): IoEngine {
  return new IoEngine(options);
}

export class IoEngine {
  /** The engine that runs: 'io_uring' or 'threadpool'. */
  readonly kind: IoEngineKind;
  /** Why io_uring is not used, when kind is 'threadpool' by fallback or by STRATA_IO_ENGINE. */
  readonly fallbackReason: string | undefined;
  /** Whether the pool is registered with the ring as a fixed buffer. */
  readonly fixedBuffers: boolean;
  readonly maxInFlight: number;

  private readonly native: NativeEngine;
  private readonly pool: BufferPool;
  private readonly subq: Float64Array;
  private readonly compl: Int32Array;
  private readonly flushMode: FlushMode;
  private queued = 0;
  private flushScheduled = false;
  private closing = false;
  private closed = false;
  private closePromise: Promise<void> | undefined;
  private drainWaiters: (() => void)[] = [];
  private readonly files = new Set<TierFile>();

  // Per-slot state (slot = index of an operation in the kernel).
  private readonly freeSlots: Int32Array;
  private freeTop: number;
  private readonly slotFile: (TierFile | undefined)[];
  private readonly slotBuf: unknown[];
  private readonly slotCb: (AnyCallback | undefined)[];
  private readonly slotResolve: (Resolve | undefined)[];
  private readonly slotReject: (Reject | undefined)[];
  private readonly slotOp: Uint8Array;
  private readonly slotPoolOwned: Uint8Array;
  private readonly slotLen: Float64Array;
  private readonly slotOff: Float64Array;
  private backlog: (() => void)[] = [];
  private backlogHead = 0;

  private pendingOps = 0;
  private submits = 0;
  private submitted = 0;
  private completed = 0;
  private completionBatches = 0;

  // A shared promise executor: avoids one closure per operation.
  private capturedResolve: Resolve | undefined;
  private capturedReject: Reject | undefined;
  private readonly executor = (resolve: Resolve, reject: Reject): void => {
    this.capturedResolve = resolve;
    this.capturedReject = reject;
  };
  private readonly flushBound = (): void => this.flush();

  constructor(options: IoEngineOptions = {}) {
    const sqEntries = positiveInt('sqEntries', options.sqEntries, 256, 32768) || 1;
    this.maxInFlight = positiveInt('maxInFlight', options.maxInFlight, 4096, 65536) || 1;
    const poolBytes = positiveInt('poolBytes', options.poolBytes, 32 << 20, MAX_POOL_BYTES);
    if (poolBytes % PAGE_SIZE !== 0) throw new RangeError('poolBytes must be a multiple of 4096');
    this.flushMode = options.flush ?? 'tick';
    this.subq = new Float64Array(this.maxInFlight * STRIDE);
    this.compl = new Int32Array(this.maxInFlight * 2);
    const arena = poolBytes > 0 ? allocAligned(poolBytes) : null;
    const nativeOptions = {
      sqEntries,
      maxInFlight: this.maxInFlight,
      registerBuffers: options.registerBuffers ?? true,
      coopTaskrun: options.coopTaskrun ?? false,
      deferTaskrun: options.deferTaskrun ?? false,
    };
    const onComplete = (n: number): void => this.onComplete(n);
    const { kind, explicit } = resolveKind(options.engine);
    let native: NativeEngine | undefined;
    let fallbackReason: string | undefined;
    if (kind === 'io_uring') {
      try {
        native = new binding.NativeEngine(
          'io_uring',
          nativeOptions,
          this.subq,
          this.compl,
          onComplete,
          arena,
        );
      } catch (err) {
        if (explicit) throw err;
        fallbackReason = `io_uring unavailable: ${(err as Error).message}`;
      }
    } else {
      fallbackReason = options.engine ? 'threadpool requested' : `${ENGINE_ENV}=threadpool`;
    }
    native ??= new binding.NativeEngine(
      'threadpool',
      nativeOptions,
      this.subq,
      this.compl,
      onComplete,
      arena,
    );
    this.native = native;
    const info = native.info();
    this.kind = info.kind;
    this.fixedBuffers = info.fixedBuffers;
    this.fallbackReason = fallbackReason;
    this.pool = new BufferPool(arena);

    this.freeSlots = new Int32Array(this.maxInFlight);
    for (let i = 0; i < this.maxInFlight; i++) this.freeSlots[i] = this.maxInFlight - 1 - i;
    this.freeTop = this.maxInFlight;
    this.slotFile = new Array<TierFile | undefined>(this.maxInFlight).fill(undefined);
    this.slotBuf = new Array<unknown>(this.maxInFlight).fill(undefined);
    this.slotCb = new Array<AnyCallback | undefined>(this.maxInFlight).fill(undefined);
    this.slotResolve = new Array<Resolve | undefined>(this.maxInFlight).fill(undefined);
    this.slotReject = new Array<Reject | undefined>(this.maxInFlight).fill(undefined);
    this.slotOp = new Uint8Array(this.maxInFlight);
    this.slotPoolOwned = new Uint8Array(this.maxInFlight);
    this.slotLen = new Float64Array(this.maxInFlight);
    this.slotOff = new Float64Array(this.maxInFlight);
  }

  /** Native details: ring sizes, setup flags, fixed-buffer registration error if any. */
  info(): NativeEngineInfo {
    return this.native.info();
  }

  // ---- buffers ---------------------------------------------------------------------------------------

  /** A 4 KiB-aligned Buffer of `size` rounded up to 4 KiB, from the pool (zero-copy view). */
  allocBuffer(size: number): Buffer {
    if (!Number.isSafeInteger(size) || size <= 0 || size > MAX_IO_BYTES)
      throw codeError('EINVAL', 'alloc', `buffer size ${size} out of range 1..${MAX_IO_BYTES}`);
    return this.pool.alloc(size);
  }

  /** Returns a buffer from allocBuffer() or read() to the pool. */
  releaseBuffer(buf: Buffer): void {
    this.pool.release(buf);
  }

  // ---- files -----------------------------------------------------------------------------------------

  /** Opens (by default creates and truncates) a tier file; synchronous. */
  openFile(path: string, options: OpenFileOptions = {}): TierFile {
    if (this.closing) throw codeError('EBADF', 'open', 'engine is closed', path);
    const size = options.size ?? 0;
    if (!Number.isSafeInteger(size) || size < 0 || size % PAGE_SIZE !== 0)
      throw codeError('EINVAL', 'open', `size ${size} is not a non-negative multiple of ${PAGE_SIZE}`, path);
    const c = fs.constants;
    const direct = options.direct ?? true;
    let flags = c.O_RDWR;
    if (options.create ?? true) flags |= c.O_CREAT;
    if (options.truncate ?? true) flags |= c.O_TRUNC;
    if (direct) flags |= c.O_DIRECT;
    let fd: number;
    try {
      fd = fs.openSync(path, flags, options.mode ?? 0o600);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (direct && e.code === 'EINVAL') {
        throw codeError(
          'EINVAL',
          'open',
          `O_DIRECT is not supported for '${path}' (open with direct: false)`,
          path,
        );
      }
      throw err;
    }
    const file = new TierFile(this, path, fd, direct, options.unlinkOnClose ?? false);
    try {
      file.refreshSize();
      if (size > file.size) file.grow(size, { sparse: options.sparse });
    } catch (err) {
      fs.closeSync(fd);
      if (options.unlinkOnClose) fs.rmSync(path, { force: true });
      throw err;
    }
    this.files.add(file);
    return file;
  }

  /** @internal */
  forgetFile(file: TierFile): void {
    this.files.delete(file);
  }

  // ---- submission --------------------------------------------------------------------------------------

  /** Submits every queued operation now (automatic unless flush: 'manual'). */
  flush(): void {
    this.flushScheduled = false;
    const n = this.queued;
    if (n === 0) return;
    this.queued = 0;
    this.submits++;
    this.submitted += n;
    this.native.submit(n);
  }

  /**
   * @internal Accepts one operation. The caller validated it. Exactly one of cb / (resolve, reject) is set.
   * Returns false only when the engine or file is closed (nothing was accepted).
   */
  enqueue(
    file: TierFile,
    op: number,
    buf: unknown,
    len: number,
    off: number,
    poolOwned: boolean,
    cb: AnyCallback | undefined,
    resolve: Resolve | undefined,
    reject: Reject | undefined,
  ): IoError | undefined {
    if (this.freeTop === 0 || this.backlogHead < this.backlog.length) {
      file.pending++;
      this.pendingOps++;
      this.backlog.push(() => this.start(file, op, buf, len, off, poolOwned, cb, resolve, reject));
      return undefined;
    }
    const err = this.start(file, op, buf, len, off, poolOwned, cb, resolve, reject, true);
    return err;
  }

  private start(
    file: TierFile,
    op: number,
    buf: unknown,
    len: number,
    off: number,
    poolOwned: boolean,
    cb: AnyCallback | undefined,
    resolve: Resolve | undefined,
    reject: Reject | undefined,
    fresh = false,
  ): IoError | undefined {
    const slot = this.freeSlots[--this.freeTop];
    let bufKind = BUF_EXTERNAL;
    let arenaOff = 0;
    if (op === OP_READ || op === OP_WRITE) {
      const b = buf as Buffer;
      const rel = b.byteOffset - this.pool.base;
      if (b.buffer === this.pool.arena && rel >= 0 && rel % PAGE_SIZE === 0) {
        bufKind = BUF_ARENA;
        arenaOff = rel;
      } else if (b.buffer === this.pool.arena || !this.native.setExternal(slot, b)) {
        this.freeSlots[this.freeTop++] = slot;
        const err = codeError('EINVAL', OP_NAMES[op], misalignedMessage(file, off), file.path);
        if (fresh) return err;
        this.settleRejected(file, err, cb, reject, poolOwned ? b : undefined);
        return undefined;
      }
    } else if (op === OP_READV || op === OP_WRITEV) {
      const bad = this.native.setIov(slot, buf as Buffer[]);
      if (bad >= 0) {
        this.freeSlots[this.freeTop++] = slot;
        const err = codeError(
          'EINVAL',
          OP_NAMES[op],
          `buffer ${bad}: ${misalignedMessage(file, off)}`,
          file.path,
        );
        if (fresh) return err;
        this.settleRejected(file, err, cb, reject, undefined);
        return undefined;
      }
    }
    if (fresh) {
      file.pending++;
      this.pendingOps++;
    }
    const q = this.subq;
    const i = this.queued * STRIDE;
    q[i] = slot;
    q[i + 1] = op;
    q[i + 2] = file.fd;
    q[i + 3] = bufKind;
    q[i + 4] = arenaOff;
    q[i + 5] = len;
    q[i + 6] = off;
    this.queued++;
    this.slotFile[slot] = file;
    this.slotBuf[slot] = buf;
    this.slotCb[slot] = cb;
    this.slotResolve[slot] = resolve;
    this.slotReject[slot] = reject;
    this.slotOp[slot] = op;
    this.slotPoolOwned[slot] = poolOwned ? 1 : 0;
    this.slotLen[slot] = len;
    this.slotOff[slot] = off;
    if (!this.flushScheduled && this.flushMode !== 'manual') {
      this.flushScheduled = true;
      if (this.flushMode === 'tick') process.nextTick(this.flushBound);
      else if (this.flushMode === 'microtask') queueMicrotask(this.flushBound);
      else setImmediate(this.flushBound);
    }
    return undefined;
  }

  private settleRejected(
    file: TierFile,
    err: IoError,
    cb: AnyCallback | undefined,
    reject: Reject | undefined,
    poolBuf: Buffer | undefined,
  ): void {
    if (poolBuf) this.pool.release(poolBuf);
    file.pending--;
    this.pendingOps--;
    if (cb) process.nextTick(cb, err);
    else reject!(err);
    this.afterSettle(file);
  }

  /** @internal enqueue() for the promise API: one promise, no closure or object per operation */
  enqueuePromise<T>(
    file: TierFile,
    op: number,
    buf: unknown,
    len: number,
    off: number,
    poolOwned: boolean,
  ): Promise<T> {
    const promise = new Promise<T>(this.executor as never);
    const resolve = this.capturedResolve!;
    const reject = this.capturedReject!;
    const err = this.enqueue(file, op, buf, len, off, poolOwned, undefined, resolve, reject);
    if (err) {
      if (poolOwned) this.pool.release(buf as Buffer);
      reject(err);
    }
    return promise;
  }

  /** @internal */
  get isClosing(): boolean {
    return this.closing;
  }

  // ---- completion --------------------------------------------------------------------------------------

  private onComplete(n: number): void {
    const c = this.compl;
    this.completionBatches++;
    for (let i = 0; i < n; i++) {
      const slot = c[2 * i];
      const res = c[2 * i + 1];
      const file = this.slotFile[slot]!;
      const buf = this.slotBuf[slot];
      const cb = this.slotCb[slot];
      const resolve = this.slotResolve[slot];
      const reject = this.slotReject[slot];
      const op = this.slotOp[slot];
      const len = this.slotLen[slot];
      const off = this.slotOff[slot];
      this.slotFile[slot] = undefined;
      this.slotBuf[slot] = undefined;
      this.slotCb[slot] = undefined;
      this.slotResolve[slot] = undefined;
      this.slotReject[slot] = undefined;
      this.freeSlots[this.freeTop++] = slot;
      file.pending--;
      this.pendingOps--;
      this.completed++;

      let err: IoError | null = null;
      if (res < 0) {
        err = errnoError(-res, OP_NAMES[op], `'${file.path}' offset ${off} length ${len}`, file.path);
      } else if (res !== len && op !== OP_FDATASYNC) {
        err = shortTransferError(op, file, off, len, res);
      } else if ((op === OP_WRITE || op === OP_WRITEV) && off + len > file.size) {
        file.noteExtent(off + len);
      }
      if (err && this.slotPoolOwned[slot] === 1) this.pool.release(buf as Buffer);
      try {
        if (cb !== undefined) {
          if (err) cb(err);
          else cb(null, op === OP_READ || op === OP_READV ? buf : undefined);
        } else if (err) {
          reject!(err);
        } else {
          resolve!(op === OP_READ || op === OP_READV ? buf : undefined);
        }
      } catch (e) {
        process.nextTick(rethrow, e); // an uncaught exception, after the rest of the batch settled
      }
      if (file.pending === 0) file.onIdle();
    }
    this.runBacklog();
    if (this.pendingOps === 0) this.notifyDrained();
  }

  private runBacklog(): void {
    while (this.freeTop > 0 && this.backlogHead < this.backlog.length) {
      const start = this.backlog[this.backlogHead];
      this.backlog[this.backlogHead++] = undefined as never;
      start();
    }
    if (this.backlogHead === this.backlog.length && this.backlogHead > 0) {
      this.backlog = [];
      this.backlogHead = 0;
    }
  }

  private afterSettle(file: TierFile): void {
    if (file.pending === 0) file.onIdle();
    if (this.pendingOps === 0) this.notifyDrained();
  }

  private notifyDrained(): void {
    if (this.drainWaiters.length === 0) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  // ---- shutdown and stats ------------------------------------------------------------------------------

  /**
   * Closes every open file (waiting for their operations), then frees the ring, eventfd and poll handle.
   * Every promise issued before close() settles; operations issued after it reject with EBADF.
   * Pool buffers that JS still holds stay valid memory (the GC frees the arena).
   */
  close(): Promise<void> {
    if (this.closePromise) return this.closePromise;
    this.closing = true;
    this.closePromise = (async () => {
      const closes = await Promise.allSettled([...this.files].map((f) => f.close()));
      this.flush();
      if (this.pendingOps > 0) await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
      this.native.close();
      this.closed = true;
      const failed = closes.find((c): c is PromiseRejectedResult => c.status === 'rejected');
      if (failed) throw failed.reason;
    })();
    return this.closePromise;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Operations accepted and not yet settled (cheap; for throttling decisions). */
  get pending(): number {
    return this.pendingOps;
  }

  stats(): IoEngineStats {
    return {
      kind: this.kind,
      fixedBuffers: this.fixedBuffers,
      pending: this.pendingOps,
      submits: this.submits,
      submitted: this.submitted,
      completed: this.completed,
      completionBatches: this.completionBatches,
      ...this.pool.stats(),
    };
  }
}

function rethrow(err: unknown): never {
  throw err;
}

function misalignedMessage(file: TierFile, off: number): string {
  return `buffer address is not ${PAGE_SIZE}-byte aligned ('${file.path}' offset ${off}); use engine.allocBuffer()`;
}

function shortTransferError(op: number, file: TierFile, off: number, len: number, res: number): IoError {
  const reading = op === OP_READ || op === OP_READV;
  const err = reading
    ? codeError(
        'ERANGE',
        OP_NAMES[op],
        `read past end of file: got ${res} of ${len} bytes at offset ${off} of '${file.path}'`,
        file.path,
      )
    : codeError(
        'EIO',
        OP_NAMES[op],
        `short write: ${res} of ${len} bytes at offset ${off} of '${file.path}'`,
        file.path,
      );
  err.bytesTransferred = res;
  return err;
}

// ---- TierFile ------------------------------------------------------------------------------------------

/** An open tier file. Create with engine.openFile(). */
export class TierFile {
  /** @internal operations accepted and not settled */
  pending = 0;
  private currentSize = 0;
  private closeState: 'open' | 'closing' | 'closed' = 'open';
  private closePromise: Promise<void> | undefined;
  private closeResolve: (() => void) | undefined;
  private closeReject: ((err: unknown) => void) | undefined;

  /** @internal */
  constructor(
    private readonly engine: IoEngine,
    readonly path: string,
    readonly fd: number,
    readonly direct: boolean,
    readonly unlinkOnClose: boolean,
  ) {}

  /** File size in bytes as this process knows it (open, grow, truncate and completed writes). */
  get size(): number {
    return this.currentSize;
  }

  get isOpen(): boolean {
    return this.closeState === 'open';
  }

  /** @internal */
  refreshSize(): void {
    this.currentSize = fs.fstatSync(this.fd).size;
  }

  /** @internal */
  noteExtent(end: number): void {
    if (end > this.currentSize) this.currentSize = end;
  }

  /** Extends the file to `newSize` bytes, allocating blocks with fallocate unless sparse. Synchronous. */
  grow(newSize: number, options: { sparse?: boolean } = {}): void {
    this.checkOpenSync('grow');
    if (!Number.isSafeInteger(newSize) || newSize < this.currentSize || newSize % PAGE_SIZE !== 0)
      throw codeError(
        'EINVAL',
        'grow',
        `new size ${newSize} must be a multiple of ${PAGE_SIZE} >= ${this.currentSize}`,
      );
    if (newSize === this.currentSize) return;
    if (options.sparse) fs.ftruncateSync(this.fd, newSize);
    else binding.fallocate(this.fd, this.currentSize, newSize - this.currentSize);
    this.currentSize = newSize;
  }

  /** Sets the file size to `newSize` (ftruncate). Synchronous; do not overlap in-flight operations past it. */
  truncate(newSize: number): void {
    this.checkOpenSync('truncate');
    if (!Number.isSafeInteger(newSize) || newSize < 0 || newSize % PAGE_SIZE !== 0)
      throw codeError(
        'EINVAL',
        'truncate',
        `new size ${newSize} must be a non-negative multiple of ${PAGE_SIZE}`,
      );
    fs.ftruncateSync(this.fd, newSize);
    this.currentSize = newSize;
  }

  // ---- promise API -----------------------------------------------------------------------------------

  /** Reads `length` bytes at `offset` into a new pool buffer (release it with engine.releaseBuffer). */
  read(offset: number, length: number): Promise<Buffer> {
    const bad = this.check('read', offset, length);
    if (bad) return Promise.reject(bad);
    return this.engine.enqueuePromise(this, OP_READ, this.engine.allocBuffer(length), length, offset, true);
  }

  /** Reads `length` (default buf.length) bytes at `offset` into `buf`; resolves with `buf`. */
  readInto(offset: number, buf: Buffer, length = buf?.length): Promise<Buffer> {
    const bad = this.check('read', offset, length, buf, true);
    if (bad) return Promise.reject(bad);
    return this.engine.enqueuePromise<Buffer>(this, OP_READ, buf, length, offset, false);
  }

  /** Writes all of `buf` (aligned, length a multiple of 4096) at `offset`. */
  write(offset: number, buf: Buffer): Promise<void> {
    const bad = this.check('write', offset, buf?.length, buf, true);
    if (bad) return Promise.reject(bad);
    return this.engine.enqueuePromise<void>(this, OP_WRITE, buf, buf.length, offset, false);
  }

  /** Reads consecutive bytes at `offset` into each buffer in turn (one preadv); resolves with `buffers`. */
  readv(offset: number, buffers: Buffer[]): Promise<Buffer[]> {
    return this.vector(OP_READV, offset, buffers) as Promise<Buffer[]>;
  }

  /** Writes the buffers back to back at `offset` (one pwritev). */
  writev(offset: number, buffers: Buffer[]): Promise<void> {
    return this.vector(OP_WRITEV, offset, buffers) as Promise<void>;
  }

  /** Flushes the file's data (and the metadata needed to read it) to stable storage. */
  fdatasync(): Promise<void> {
    const bad = this.checkOpen('fdatasync');
    if (bad) return Promise.reject(bad);
    return this.engine.enqueuePromise<void>(this, OP_FDATASYNC, undefined, 0, 0, false);
  }

  // ---- callback API (no promise per operation) --------------------------------------------------------

  /** readInto with a callback: cb(err, buf). */
  readIntoCb(offset: number, buf: Buffer, length: number, cb: ReadCallback): void {
    const bad = this.check('read', offset, length, buf, true);
    const err =
      bad ??
      this.engine.enqueue(this, OP_READ, buf, length, offset, false, cb as AnyCallback, undefined, undefined);
    if (err) process.nextTick(cb, err, buf);
  }

  /** write with a callback: cb(err). */
  writeCb(offset: number, buf: Buffer, cb: DoneCallback): void {
    const bad = this.check('write', offset, buf?.length, buf, true);
    const err =
      bad ??
      this.engine.enqueue(
        this,
        OP_WRITE,
        buf,
        buf.length,
        offset,
        false,
        cb as AnyCallback,
        undefined,
        undefined,
      );
    if (err) process.nextTick(cb, err);
  }

  // ---- close -------------------------------------------------------------------------------------------

  /**
   * Stops accepting operations (they reject with EBADF), waits for the in-flight ones to settle, closes
   * the descriptor and unlinks the file if unlinkOnClose. Idempotent.
   */
  close(): Promise<void> {
    if (this.closePromise) return this.closePromise;
    this.closeState = 'closing';
    this.closePromise = new Promise<void>((resolve, reject) => {
      this.closeResolve = resolve;
      this.closeReject = reject;
    });
    this.engine.flush();
    if (this.pending === 0) this.onIdle();
    return this.closePromise;
  }

  /** @internal called when the last pending operation settles; never throws (it runs in dispatch) */
  onIdle(): void {
    if (this.closeState !== 'closing' || this.pending !== 0) return;
    this.closeState = 'closed';
    let failure: unknown;
    try {
      fs.closeSync(this.fd);
    } catch (err) {
      failure = err;
    }
    if (this.unlinkOnClose) {
      try {
        fs.rmSync(this.path, { force: true });
      } catch (err) {
        failure ??= err;
      }
    }
    this.engine.forgetFile(this);
    if (failure === undefined) this.closeResolve!();
    else this.closeReject!(failure);
  }

  // ---- validation --------------------------------------------------------------------------------------

  private vector(op: number, offset: number, buffers: Buffer[]): Promise<unknown> {
    const name = OP_NAMES[op];
    const bad = this.checkOpen(name);
    if (bad) return Promise.reject(bad);
    if (!Array.isArray(buffers) || buffers.length === 0 || buffers.length > 1024)
      return Promise.reject(
        codeError('EINVAL', name, 'buffers must be an array of 1..1024 Buffers', this.path),
      );
    let total = 0;
    for (const b of buffers) {
      if (!(b instanceof Uint8Array) || b.length === 0 || b.length % PAGE_SIZE !== 0)
        return Promise.reject(
          codeError(
            'EINVAL',
            name,
            `every buffer length must be a positive multiple of ${PAGE_SIZE}`,
            this.path,
          ),
        );
      total += b.length;
    }
    const badRange = this.check(name, offset, total);
    if (badRange) return Promise.reject(badRange);
    return this.engine.enqueuePromise(this, op, buffers, total, offset, false);
  }

  private checkOpen(syscall: string): IoError | undefined {
    if (this.closeState !== 'open' || this.engine.isClosing)
      return codeError('EBADF', syscall, `file '${this.path}' is closed`, this.path);
    return undefined;
  }

  private checkOpenSync(syscall: string): void {
    const err = this.checkOpen(syscall);
    if (err) throw err;
  }

  /** Validates a request; `buf` is checked when `withBuffer` (read into / write from a caller buffer). */
  private check(
    syscall: string,
    offset: number,
    length: number,
    buf?: Buffer,
    withBuffer = buf !== undefined,
  ): IoError | undefined {
    if (this.closeState !== 'open' || this.engine.isClosing)
      return codeError('EBADF', syscall, `file '${this.path}' is closed`, this.path);
    if (withBuffer && !(buf instanceof Uint8Array))
      return codeError('EINVAL', syscall, 'buffer must be a Buffer', this.path);
    if (!Number.isSafeInteger(offset) || offset < 0 || offset % PAGE_SIZE !== 0)
      return codeError(
        'EINVAL',
        syscall,
        `offset ${offset} is not a non-negative multiple of ${PAGE_SIZE} ('${this.path}')`,
        this.path,
      );
    if (!Number.isSafeInteger(length) || length <= 0 || length % PAGE_SIZE !== 0 || length > MAX_IO_BYTES)
      return codeError(
        'EINVAL',
        syscall,
        `length ${length} is not a positive multiple of ${PAGE_SIZE} up to ${MAX_IO_BYTES} ('${this.path}')`,
        this.path,
      );
    if (withBuffer && length > buf!.length)
      return codeError(
        'EINVAL',
        syscall,
        `length ${length} exceeds the buffer (${buf!.length} bytes)`,
        this.path,
      );
    return undefined;
  }
}
