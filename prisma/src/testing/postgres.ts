// A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, start it on a free
// port on 127.0.0.1, create a database, stop and remove everything on stop(). As root, the cluster
// runs as the `postgres` user (PostgreSQL refuses to run as root).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface PostgresCluster {
  /** postgresql://postgres@127.0.0.1:PORT/DB */
  url: string;
  port: number;
  /** Creates another empty database and returns its URL. */
  createDatabase(name: string): string;
  stop(): Promise<void>;
}

const CANDIDATE_DIRS = [
  '/usr/lib/postgresql/17/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/15/bin',
];

/** The directory holding initdb and postgres, or null when PostgreSQL is not installed. */
export function findPostgresBin(): string | null {
  const fromEnv = process.env.STRATA_PG_BIN;
  for (const dir of fromEnv ? [fromEnv, ...CANDIDATE_DIRS] : CANDIDATE_DIRS) {
    if (fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres'))) return dir;
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function userIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

async function waitReady(bin: string, port: number, dir: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited with code ${child.exitCode}`);
    try {
      execFileSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q'], {
        stdio: 'ignore',
      });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`postgres did not start on port ${port}; see ${dir}/log`);
}

/** Starts a cluster with one database, `strata`. Throws when PostgreSQL is not installed. */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries not found (install postgresql or set STRATA_PG_BIN)');
  const ids = userIds();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-pg-'));
  const dataDir = path.join(dir, 'data');
  if (ids.uid !== undefined) fs.chownSync(dir, ids.uid, ids.gid!);
  execFileSync(
    path.join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'],
    {
      ...ids,
      stdio: 'ignore',
    },
  );
  let port = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    const logFd = fs.openSync(path.join(dir, 'log'), 'a');
    if (ids.uid !== undefined) fs.fchownSync(logFd, ids.uid, ids.gid!);
    const started = spawn(
      path.join(bin, 'postgres'),
      ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-F', '-c', 'max_connections=100'],
      { ...ids, stdio: ['ignore', logFd, logFd] },
    );
    fs.closeSync(logFd);
    try {
      await waitReady(bin, port, dir, started);
      child = started;
    } catch (err) {
      started.kill('SIGKILL');
      if (attempt === 4) throw err;
    }
  }
  const running = child!;
  const urlOf = (db: string) => `postgresql://postgres@127.0.0.1:${port}/${db}`;
  const createDatabase = (name: string): string => {
    execFileSync(
      path.join(bin, 'createdb'),
      ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name],
      {
        stdio: 'ignore',
      },
    );
    return urlOf(name);
  };
  createDatabase('strata');
  return {
    url: urlOf('strata'),
    port,
    createDatabase,
    stop: async () => {
      if (running.exitCode === null) {
        const exited = new Promise((r) => running.once('exit', r));
        running.kill('SIGINT'); // fast shutdown
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
        if (running.exitCode === null) running.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
