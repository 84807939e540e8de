// Loads the compiled addon (build/Release/strata_native.node) and describes its raw interface.
// Nothing outside this package uses these names: src/index.ts is the public API.
import * as path from 'node:path';

export interface NativeEngineOptions {
  sqEntries: number;
  maxInFlight: number;
  registerBuffers: boolean;
  coopTaskrun: boolean;
  deferTaskrun: boolean;
}

export interface NativeEngineInfo {
  kind: 'io_uring' | 'threadpool';
  fixedBuffers: boolean;
  fixedBuffersError?: string;
  sqEntries: number;
  cqEntries: number;
  setupFlags: number;
  inflight: number;
}

export interface NativeEngine {
  /** Hands the first `count` descriptors of the submit queue to the kernel (or the thread pool). */
  submit(count: number): void;
  /** Records the address of a caller buffer for `slot`; false when it is not 4 KiB-aligned. */
  setExternal(slot: number, buffer: Uint8Array): boolean;
  /** Records an iovec for `slot`; the index of the first misaligned buffer, or -1. */
  setIov(slot: number, buffers: Uint8Array[]): number;
  info(): NativeEngineInfo;
  /** Frees the ring, eventfd and poll handle; throws EBUSY while operations are in flight. */
  close(): void;
}

export interface NativeBinding {
  NativeEngine: new (
    kind: string,
    options: NativeEngineOptions,
    submitQueue: Float64Array,
    completions: Int32Array,
    onComplete: (count: number) => void,
    arena: Uint8Array | null,
  ) => NativeEngine;
  fallocate(fd: number, offset: number, length: number): void;
  /** The buffer's address modulo 4096. */
  misalignment(buffer: Uint8Array): number;
  /** mallopt(M_MMAP_THRESHOLD, bytes); true when glibc accepted it. */
  setMmapThreshold(bytes: number): boolean;
  descStride: number;
}

export const addonPath = path.join(__dirname, '..', 'build', 'Release', 'strata_native.node');

export const binding: NativeBinding = require(addonPath);
