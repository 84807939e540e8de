// The agent's instance table on disk (<data-dir>/instances.json): what each instance should be
// and the process last started for it. Written atomically (temporary file, fsync, rename, fsync of
// the directory) so a crash of the agent or the machine leaves the old or the new table, never a
// torn one. Holds passwords: the file is mode 0600.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EffectiveTiering } from '@strata/proto';

/** What an instance should be, and how it last ran. */
export interface InstanceRecord {
  id: string;
  port: number;
  password: string;
  maxmemoryBytes: number;
  maxmemoryPolicy: string;
  tiering: EffectiveTiering;
  createdAtMs: number;
  generation: number;
  /** The process last started (0 = none) and when. */
  pid: number;
  startedAtMs: number;
  crashRestarts: number;
  /** Set when the instance is FAILED: not started again until a restart request. */
  failedReason: string | null;
}

interface TableFile {
  version: 1;
  nodeId: string;
  instances: InstanceRecord[];
}

export class InstanceTable {
  readonly nodeId: string;
  private readonly records = new Map<string, InstanceRecord>();
  private readonly file: string;

  private constructor(
    private readonly dataDir: string,
    contents: TableFile,
  ) {
    this.file = path.join(dataDir, 'instances.json');
    this.nodeId = contents.nodeId;
    for (const record of contents.instances) this.records.set(record.id, record);
  }

  /** Reads the table, or starts an empty one (with a new node id) in a new data directory. */
  static open(dataDir: string): InstanceTable {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(dataDir, 'instances.json');
    let contents: TableFile;
    try {
      contents = JSON.parse(fs.readFileSync(file, 'utf8')) as TableFile;
      if (contents.version !== 1 || !Array.isArray(contents.instances)) {
        throw new Error(`unsupported instance table format in ${file}`);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      contents = { version: 1, nodeId: crypto.randomUUID(), instances: [] };
    }
    const table = new InstanceTable(dataDir, contents);
    table.save();
    return table;
  }

  get(id: string): InstanceRecord | undefined {
    return this.records.get(id);
  }

  all(): InstanceRecord[] {
    return [...this.records.values()].sort(
      (a, b) => a.createdAtMs - b.createdAtMs || a.id.localeCompare(b.id),
    );
  }

  /** Adds or replaces a record and writes the table. */
  put(record: InstanceRecord): void {
    this.records.set(record.id, record);
    this.save();
  }

  /** Changes a record in place and writes the table. */
  update(id: string, change: (record: InstanceRecord) => void): InstanceRecord {
    const record = this.records.get(id);
    if (!record) throw new Error(`no instance ${id}`);
    change(record);
    this.save();
    return record;
  }

  remove(id: string): void {
    if (this.records.delete(id)) this.save();
  }

  private save(): void {
    const contents: TableFile = { version: 1, nodeId: this.nodeId, instances: this.all() };
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(contents, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    const dir = fs.openSync(this.dataDir, 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  }
}
