// The aligned buffer pool: blocks of a page-aligned arena (registered with io_uring as one fixed buffer
// when possible) handed out as Buffers that view the arena, so no byte is ever copied.
//
// All memory here is ordinary V8 ArrayBuffer memory, over-allocated by 4 KiB and viewed from the first
// page boundary: V8 frees it only when it is unreachable or after the environment's cleanup hooks ran,
// so I/O still in flight when a worker dies never lands in freed memory.
//
// Power-of-two size classes from 4 KiB up to MAX_CLASS_BYTES. A block is carved from the arena once
// (bump pointer) and keeps its class for the pool's lifetime; released blocks go to their class's free
// list. When the arena is exhausted, or a request exceeds the largest class, the pool falls back to a
// separate aligned heap allocation (not registered; freed by the garbage collector), counted in stats.
import { binding } from './binding';

/** A zeroed Buffer of `bytes` (a multiple of 4096) whose address is 4 KiB-aligned. */
export function allocAligned(bytes: number): Buffer {
  const ab = new ArrayBuffer(bytes + PAGE_SIZE);
  const skew = binding.misalignment(new Uint8Array(ab, 0, 1));
  return Buffer.from(ab, skew === 0 ? 0 : PAGE_SIZE - skew, bytes);
}

export const PAGE_SIZE = 4096;
const PAGE_SHIFT = 12;
const MAX_CLASS_BYTES = 4 * 1024 * 1024;

export interface PoolStats {
  /** Bytes in the arena (0 when the engine was created with poolBytes: 0). */
  poolBytes: number;
  /** Bytes of arena blocks currently handed out. */
  poolInUseBytes: number;
  /** Allocations served from the arena since creation. */
  poolAllocations: number;
  /** Allocations that fell back to the heap (arena exhausted or request too large). */
  heapAllocations: number;
}

export class BufferPool {
  /** The ArrayBuffer behind every pool block (null without a pool). */
  readonly arena: ArrayBuffer | null;
  /** Offset of the first (aligned) arena byte inside `arena`. */
  readonly base: number;
  private readonly pages: number;
  private next = 0;
  private readonly classPlusOne: Uint8Array;
  private readonly inUse: Uint8Array;
  private readonly cache: (Buffer | undefined)[];
  private readonly freeLists: number[][] = [];
  private readonly maxClass: number;
  private inUseBytes = 0;
  private poolAllocations = 0;
  private heapAllocations = 0;

  /** `view`: the aligned arena (from allocAligned), or null for no pool. */
  constructor(view: Buffer | null) {
    this.arena = view ? (view.buffer as ArrayBuffer) : null;
    this.base = view ? view.byteOffset : 0;
    const bytes = view ? view.length : 0;
    this.pages = bytes >>> PAGE_SHIFT;
    this.classPlusOne = new Uint8Array(this.pages);
    this.inUse = new Uint8Array(this.pages);
    this.cache = new Array<Buffer | undefined>(this.pages);
    this.maxClass = classOf(Math.max(1, Math.min(MAX_CLASS_BYTES, bytes) >>> PAGE_SHIFT));
    if (classPages(this.maxClass) > this.pages) this.maxClass--;
    for (let c = 0; c <= Math.max(0, this.maxClass); c++) this.freeLists.push([]);
  }

  /** A zeroed-at-creation (contents undefined after reuse) 4 KiB-aligned Buffer of `size` rounded up to 4 KiB. */
  alloc(size: number): Buffer {
    const pages = Math.max(1, Math.ceil(size / PAGE_SIZE));
    const bytes = pages * PAGE_SIZE;
    const cls = classOf(pages);
    if (cls <= this.maxClass) {
      const list = this.freeLists[cls];
      let page = list.length > 0 ? list.pop()! : -1;
      if (page < 0 && this.next + classPages(cls) <= this.pages) {
        page = this.next;
        this.next += classPages(cls);
        this.classPlusOne[page] = cls + 1;
      }
      if (page >= 0) {
        this.inUse[page] = 1;
        this.inUseBytes += classPages(cls) << PAGE_SHIFT;
        this.poolAllocations++;
        let block = this.cache[page];
        if (block === undefined) {
          block = Buffer.from(this.arena!, this.base + (page << PAGE_SHIFT), classPages(cls) << PAGE_SHIFT);
          this.cache[page] = block;
        }
        return block.length === bytes ? block : block.subarray(0, bytes);
      }
    }
    this.heapAllocations++;
    return allocAligned(bytes);
  }

  /** True when `buf` views the arena (its I/O can use the registered fixed buffer). */
  owns(buf: Uint8Array): boolean {
    return buf.buffer === this.arena;
  }

  /**
   * Returns a pool buffer. Heap-fallback buffers are accepted and ignored (the GC frees them).
   * Throws (code EINVAL) for a buffer that is not the start of an allocated block, e.g. a double release.
   */
  release(buf: Uint8Array): void {
    if (buf.buffer !== this.arena) return;
    const off = buf.byteOffset - this.base;
    const page = off >>> PAGE_SHIFT;
    if ((off & (PAGE_SIZE - 1)) !== 0 || this.classPlusOne[page] === 0 || this.inUse[page] === 0) {
      const err = new Error(
        'EINVAL: buffer is not an allocated pool block (released twice?)',
      ) as NodeJS.ErrnoException;
      err.code = 'EINVAL';
      throw err;
    }
    const cls = this.classPlusOne[page] - 1;
    this.inUse[page] = 0;
    this.inUseBytes -= classPages(cls) << PAGE_SHIFT;
    this.freeLists[cls].push(page);
  }

  stats(): PoolStats {
    return {
      poolBytes: this.pages << PAGE_SHIFT,
      poolInUseBytes: this.inUseBytes,
      poolAllocations: this.poolAllocations,
      heapAllocations: this.heapAllocations,
    };
  }
}

function classOf(pages: number): number {
  return pages <= 1 ? 0 : 32 - Math.clz32(pages - 1);
}

function classPages(cls: number): number {
  return 1 << cls;
}
