/**
 * Disk-offset allocator for the tier file: 4 KiB pages. Large values take an extent of whole pages;
 * small values share one page (a "small bin", see bins.ts), whose occupancy (live entries and live
 * bytes) is tracked here in typed arrays indexed by page number, so the bookkeeping stays a few bytes
 * per page with no object per page.
 *
 * Space is handed out from per-size free lists first, then from the end of the used region; the file
 * grows (fallocate, through the `grow` callback) in steps up to `maxBytes`. When it cannot grow,
 * alloc() returns -1 and the caller keeps the value in RAM.
 */
export const PAGE = 4096;
const GROW_STEP = 64 * 1024 * 1024;

export class DiskAllocator {
  /** Bytes of the file that can be used (its current size). */
  capacity: number;
  /** End of the region handed out so far (bump pointer). */
  private end = 0;
  /** pages -> free extent offsets of exactly that many pages. */
  private readonly free = new Map<number, number[]>();
  /** Bytes currently allocated (extents and bin pages). */
  allocatedBytes = 0;
  /** Per page: live small entries, live small bytes (only for small-bin pages). */
  pageLive = new Uint16Array(1024);
  pageBytes = new Uint16Array(1024);

  constructor(
    public maxBytes: number,
    initial: number,
    private readonly grow: (size: number) => boolean,
  ) {
    this.capacity = initial;
  }

  /** Bytes held by the allocator's own tables (counted in used_memory). */
  overheadBytes(): number {
    let lists = 0;
    for (const l of this.free.values()) lists += 8 * l.length + 64;
    return this.pageLive.byteLength + this.pageBytes.byteLength + lists;
  }

  /** Allocates `pages` contiguous pages; returns the byte offset or -1 when the file is full. */
  alloc(pages: number): number {
    const list = this.free.get(pages);
    if (list !== undefined && list.length > 0) {
      this.allocatedBytes += pages * PAGE;
      return list.pop()!;
    }
    const need = pages * PAGE;
    if (this.end + need > this.capacity) {
      const target = Math.min(this.maxBytes, Math.max(this.end + need, this.capacity + GROW_STEP));
      const rounded = Math.floor(target / PAGE) * PAGE;
      if (rounded < this.end + need || !this.grow(rounded)) return this.splitLarger(pages);
      this.capacity = rounded;
    }
    const off = this.end;
    this.end += need;
    this.allocatedBytes += need;
    this.ensurePages(this.end / PAGE);
    return off;
  }

  /** Takes `pages` from a larger free extent (the rest goes back to its free list). */
  private splitLarger(pages: number): number {
    for (const [size, list] of this.free) {
      if (size <= pages || list.length === 0) continue;
      const off = list.pop()!;
      this.pushFree(off + pages * PAGE, size - pages);
      this.allocatedBytes += pages * PAGE;
      return off;
    }
    return -1;
  }

  private pushFree(off: number, pages: number): void {
    let list = this.free.get(pages);
    if (list === undefined) this.free.set(pages, (list = []));
    list.push(off);
  }

  release(off: number, pages: number): void {
    this.allocatedBytes -= pages * PAGE;
    this.pushFree(off, pages);
  }

  private ensurePages(n: number): void {
    if (n <= this.pageLive.length) return;
    let size = this.pageLive.length;
    while (size < n) size *= 2;
    const live = new Uint16Array(size);
    live.set(this.pageLive);
    const bytes = new Uint16Array(size);
    bytes.set(this.pageBytes);
    this.pageLive = live;
    this.pageBytes = bytes;
  }

  reset(): void {
    this.end = 0;
    this.free.clear();
    this.allocatedBytes = 0;
    this.pageLive.fill(0);
    this.pageBytes.fill(0);
  }
}
