// The cool queue: entries whose value is both in RAM and on disk (COOLED), oldest first.
//
// When memory is short the engine drops RAM copies from the head of this queue (no I/O: the disk
// copy is valid), giving an entry read since it was queued a second chance at the tail (the CLOCK
// approximation of LRU). A queue finds the next copy to drop in O(1) where sampling random entries
// finds few COOLED ones once most values are cold, and it keeps the copies read most recently.
//
// An entry is named by its segment, key hash and tiering epoch, not by its id (ids move on inserts
// and deletes): the engine looks it up again when it reaches the head, and skips it when the key
// changed, went cold or left RAM since (a stale slot). Slots are a ring of typed arrays, 16 bytes each.
import type { Segment } from '../store/key-table';

/** Slots per block: the queue grows and shrinks a block at a time, never copying slots. */
const BLOCK = 4096;

interface Block {
  segs: (Segment | null)[];
  /** Key hash and epoch per slot. */
  words: Uint32Array;
}

export class CoolQueue {
  private blocks: Block[] = [];
  /** Next slot to shift in blocks[0], next free slot in the last block. */
  private head = 0;
  private tail = BLOCK;
  private spare: Block | null = null;
  /** Slots in the queue, stale ones included. */
  size = 0;

  /** Appends an entry at the tail. */
  push(seg: Segment, h: number, epoch: number): void {
    if (this.tail === BLOCK) {
      this.blocks.push(
        this.spare ?? {
          segs: new Array<Segment | null>(BLOCK).fill(null),
          words: new Uint32Array(2 * BLOCK),
        },
      );
      this.spare = null;
      this.tail = 0;
    }
    const b = this.blocks[this.blocks.length - 1];
    const i = this.tail++;
    b.segs[i] = seg;
    b.words[2 * i] = h;
    b.words[2 * i + 1] = epoch;
    this.size++;
  }

  /**
   * Removes the head and hands it to `visit` (which may push it again); false when the queue is
   * empty. The callback form keeps the hot loop free of per-slot allocations.
   */
  shift(visit: (seg: Segment, h: number, epoch: number) => void): boolean {
    if (this.size === 0) return false;
    const b = this.blocks[0];
    const i = this.head++;
    const seg = b.segs[i]!;
    b.segs[i] = null;
    const h = b.words[2 * i];
    const epoch = b.words[2 * i + 1];
    this.size--;
    if (this.head === BLOCK || this.size === 0) this.retireHead();
    visit(seg, h, epoch);
    return true;
  }

  clear(): void {
    this.blocks = [];
    this.spare = null;
    this.head = 0;
    this.tail = BLOCK;
    this.size = 0;
  }

  /** Bytes held (counted in used_memory): per block its pointer array and words. */
  bytes(): number {
    return (this.blocks.length + (this.spare ? 1 : 0)) * BLOCK * 16;
  }

  /** The head block is used up (or the queue is empty): it becomes the spare. */
  private retireHead(): void {
    const b = this.blocks.shift()!;
    this.head = 0;
    if (this.blocks.length === 0) this.tail = BLOCK;
    b.segs.fill(null);
    this.spare = b;
  }
}
