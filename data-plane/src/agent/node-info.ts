// Facts about the machine for GetNodeInfo: kernel, io_uring, memory, the NVMe filesystem.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface IoUringSupport {
  supported: boolean;
  detail: string;
}

/** io_uring as the kernel allows it (kernel.io_uring_disabled: 0 all, 1 a group only, 2 nobody). */
export function ioUringSupport(): IoUringSupport {
  if (os.platform() !== 'linux')
    return { supported: false, detail: `io_uring is Linux only (platform ${os.platform()})` };
  let setting: string;
  try {
    setting = fs.readFileSync('/proc/sys/kernel/io_uring_disabled', 'utf8').trim();
  } catch {
    const [major, minor] = os.release().split('.').map(Number);
    const recent = major > 5 || (major === 5 && minor >= 6);
    return {
      supported: recent,
      detail: recent
        ? `kernel ${os.release()} has io_uring (no io_uring_disabled sysctl)`
        : `kernel ${os.release()} is older than 5.6`,
    };
  }
  if (setting === '0') return { supported: true, detail: 'kernel.io_uring_disabled = 0' };
  if (setting === '1')
    return { supported: false, detail: 'kernel.io_uring_disabled = 1 (only the io_uring_group may use it)' };
  return { supported: false, detail: `kernel.io_uring_disabled = ${setting}` };
}

/** MemAvailable from /proc/meminfo (falls back to os.freemem()). */
export function hostMemoryAvailable(): number {
  try {
    const m = /^MemAvailable:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return os.freemem();
}

export interface DiskSpace {
  capacity: number;
  free: number;
}

/** Capacity and space available to this user on the filesystem holding dir. */
export function diskSpace(dir: string): DiskSpace {
  const s = fs.statfsSync(dir);
  return { capacity: s.blocks * s.bsize, free: s.bavail * s.bsize };
}

/** Bytes allocated on disk by the files under dir (sparse files count what they use). */
export function diskUsage(dir: string): number {
  let total = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += diskUsage(full);
    else {
      try {
        total += fs.statSync(full).blocks * 512;
      } catch {
        // removed meanwhile
      }
    }
  }
  return total;
}

/** This package's version. */
export function agentVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    return pkg.version;
  } catch {
    return '';
  }
}
