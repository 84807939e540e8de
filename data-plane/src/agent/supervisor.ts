// One datastore process: starting it, watching it, restarting it with backoff after a crash,
// marking it FAILED after repeated crashes, stopping it, and finding it again after the agent
// itself restarted.
//
// Processes are started detached (their own process group) with stdout and stderr appended to a log
// file, so they outlive the agent: a restarted agent adopts them instead of starting duplicates.
// While the agent runs, an exit is seen through the child's 'exit' event, or, for an adopted
// process (no longer the agent's child), by polling kill(pid, 0).

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tieringServerArgs, type InstanceState__Output } from '@strata/proto';
import type { AgentConfig } from './config';
import type { EventLog } from './events';
import type { InstanceRecord, InstanceTable } from './instance-table';
import { answersAs, type Endpoint } from './redis';

export type StateName = Exclude<InstanceState__Output, 'INSTANCE_STATE_UNSPECIFIED'>;

export interface SupervisorContext {
  config: AgentConfig;
  table: InstanceTable;
  events: EventLog;
}

const LOG_TAIL_LINES = 20;
const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

/** <nvme-path>/<id>: everything of the instance on the NVMe disk (its tier files). */
export function tierDir(config: AgentConfig, id: string): string {
  return path.join(config.nvmePath, id);
}

/** --tiered_prefix: the server appends -NNNN per file. */
export function tierPrefix(config: AgentConfig, id: string): string {
  return path.join(tierDir(config, id), 'tier');
}

/** <data-dir>/instances/<id>: the instance's log. */
export function instanceDir(config: AgentConfig, id: string): string {
  return path.join(config.dataDir, 'instances', id);
}

export function logFile(config: AgentConfig, id: string): string {
  return path.join(instanceDir(config, id), 'server.log');
}

/** The last lines a process wrote (its reason for dying, usually). */
export function lastLogLines(file: string, count = LOG_TAIL_LINES): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, 16 * 1024);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      const lines = buffer
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('--- '));
      return lines.slice(-count).join('\n');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

/**
 * Whether the process exists and has not exited. An exited process whose parent does not reap it
 * (an adopted instance, reparented to an init that does not wait) stays a zombie: that counts as
 * gone.
 */
export function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..." where S is the state; comm may contain spaces.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch (err) {
    // No /proc (not Linux): trust kill(pid, 0).
    return (err as NodeJS.ErrnoException).code !== 'ENOENT' || !fs.existsSync('/proc/self/stat');
  }
}

/**
 * Whether pid is a datastore process for this port (guards against a reused pid): its command line
 * has `--port <port>`, or it is a redis-server that retitled itself `redis-server <addr>:<port>`.
 */
export function isInstanceProcess(pid: number, port: number): boolean {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const i = args.indexOf('--port');
    if (i >= 0) return args[i + 1] === String(port);
    return /redis-server\s+\S*:(\d+)/.exec(args.join(' '))?.[1] === String(port);
  } catch {
    return false;
  }
}

/**
 * Live datastore processes of this instance: the port matches and the working directory is the
 * instance's directory (the agent starts every process there), so a reused pid or another agent's
 * process is never taken for ours. Finds one started just before the agent died, too.
 */
export function findInstanceProcesses(port: number, dir: string): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
    dir = fs.realpathSync(dir);
  } catch {
    return [];
  }
  return entries
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter(
      (pid) => pid !== process.pid && isInstanceProcess(pid, port) && isAlive(pid) && cwdOf(pid) === dir,
    );
}

function cwdOf(pid: number): string | null {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

/** Signals the process group (the server and anything it started), falling back to the pid. */
function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The command line of an instance. The password is an argument: see docs/node-agent.md. */
export function serverArgs(config: AgentConfig, record: InstanceRecord): string[] {
  const args = [
    ...config.serverCommand.slice(1),
    '--port',
    String(record.port),
    '--bind',
    config.instanceBind,
    '--requirepass',
    record.password,
    '--maxmemory',
    String(record.maxmemoryBytes),
    '--maxmemory-policy',
    record.maxmemoryPolicy,
  ];
  if (config.serverFlavor === 'redis') args.push('--save', '', '--appendonly', 'no');
  else args.push(...tieringServerArgs(record.tiering, tierPrefix(config, record.id)));
  return args;
}

// ---------------------------------------------------------------------------------------------
// Supervisor
// ---------------------------------------------------------------------------------------------

export class Supervisor {
  state: StateName = 'INSTANCE_STATE_STARTING';
  reason = '';
  private child: ChildProcess | null = null;
  private pid = 0;
  /** Incremented for each process, so late events of an old process are ignored. */
  private spawnGeneration = 0;
  private goneGeneration = 0;
  private pollTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private crashTimes: number[] = [];
  private stopping = false;
  private disposed = false;
  private exitWaiters: (() => void)[] = [];
  private settleWaiters: (() => void)[] = [];
  /** Why the agent killed the current process itself (start timeout), reported as the crash cause. */
  private killReason: string | null = null;

  constructor(
    readonly id: string,
    private readonly ctx: SupervisorContext,
  ) {}

  private get record(): InstanceRecord {
    const record = this.ctx.table.get(this.id);
    if (!record) throw new Error(`instance ${this.id} is not in the table`);
    return record;
  }

  get currentPid(): number {
    return this.pid;
  }

  /** Where the agent reaches the instance (loopback when it listens on every address). */
  endpoint(): Endpoint {
    const bind = this.ctx.config.instanceBind;
    const host = bind === '0.0.0.0' ? '127.0.0.1' : bind === '::' ? '::1' : bind;
    return { host, port: this.record.port, password: this.record.password };
  }

  /** Resolves once the instance is RUNNING, RESTARTING (a start failed) or FAILED. */
  waitSettled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  private isSettled(): boolean {
    return ['INSTANCE_STATE_RUNNING', 'INSTANCE_STATE_RESTARTING', 'INSTANCE_STATE_FAILED'].includes(
      this.state,
    );
  }

  private setState(state: StateName, reason = ''): void {
    this.state = state;
    this.reason = reason;
    if (this.isSettled()) for (const resolve of this.settleWaiters.splice(0)) resolve();
  }

  // -------------------------------------------------------------------------------------------
  // Start

  /** Starts a process and waits until it answers PING (or its start failed). */
  async start(): Promise<void> {
    if (this.disposed) return;
    this.stopping = false;
    this.killReason = null;
    this.setState('INSTANCE_STATE_STARTING');
    let generation: number;
    try {
      generation = this.spawnProcess();
    } catch (err) {
      // Directories or the log cannot be created (NVMe path gone, disk full...): a failed start.
      this.onCrash(`could not be started: ${(err as Error).message}`, null, null);
      return;
    }
    await this.waitReady(generation);
  }

  private spawnProcess(): number {
    const { config, table } = this.ctx;
    const record = this.record;
    fs.mkdirSync(tierDir(config, this.id), { recursive: true });
    fs.mkdirSync(instanceDir(config, this.id), { recursive: true });
    const log = logFile(config, this.id);
    rotateLog(log);
    const fd = fs.openSync(log, 'a', 0o600);
    const generation = ++this.spawnGeneration;
    let child: ChildProcess;
    try {
      fs.writeSync(fd, `--- ${new Date().toISOString()} starting on port ${record.port}\n`);
      child = spawn(config.serverCommand[0], serverArgs(config, record), {
        detached: true,
        stdio: ['ignore', fd, fd],
        cwd: instanceDir(config, this.id),
      });
    } finally {
      fs.closeSync(fd);
    }
    child.unref();
    this.child = child;
    this.pid = child.pid ?? 0;
    child.on('error', (err) => {
      try {
        fs.appendFileSync(
          log,
          `strata-node-agent: cannot start ${config.serverCommand[0]}: ${err.message}\n`,
        );
      } catch {
        // the log is best effort
      }
      this.onProcessGone(generation, null, null, `could not be started: ${err.message}`);
    });
    child.on('exit', (code, signal) => this.onProcessGone(generation, code, signal));
    table.update(this.id, (r) => {
      r.pid = this.pid;
      r.startedAtMs = Date.now();
    });
    return generation;
  }

  private async waitReady(generation: number): Promise<void> {
    const deadline = Date.now() + this.ctx.config.startTimeoutMs;
    while (generation === this.spawnGeneration && this.goneGeneration !== generation && !this.stopping) {
      if (await answersAs(this.endpoint(), this.pid, 500)) {
        if (generation !== this.spawnGeneration || this.state !== 'INSTANCE_STATE_STARTING') return;
        this.setState('INSTANCE_STATE_RUNNING');
        this.ctx.events.record(
          this.id,
          'INSTANCE_EVENT_TYPE_STARTED',
          `pid ${this.pid} answers PING on port ${this.record.port}`,
        );
        return;
      }
      if (Date.now() > deadline) {
        this.killReason = `did not answer as itself (PING and INFO process_id) within ${this.ctx.config.startTimeoutMs} ms`;
        signalProcess(this.pid, 'SIGKILL');
        break;
      }
      await sleep(50);
    }
    // The exit handler reports the failure; wait for it so callers see the resulting state.
    if (generation === this.spawnGeneration && !this.stopping && !this.disposed) await this.waitSettled();
  }

  // -------------------------------------------------------------------------------------------
  // Adoption after an agent restart

  /**
   * Called once per instance when the agent starts: adopts the process of the table when it is
   * still ours and answers PING, otherwise (gone, or hung) starts a new one. Never leaves two.
   */
  async adoptOrStart(): Promise<void> {
    const record = this.record;
    if (record.failedReason !== null) {
      this.setState('INSTANCE_STATE_FAILED', record.failedReason);
      return;
    }
    // The recorded process, or one the table does not know (the agent died between starting it
    // and writing its pid): adopt it rather than start a second one on the same port.
    const candidates = findInstanceProcesses(record.port, instanceDir(this.ctx.config, this.id)).sort(
      (a, b) => Number(b === record.pid) - Number(a === record.pid),
    );
    const pid = candidates[0] ?? record.pid;
    if (candidates.length > 0) {
      const deadline = Date.now() + this.ctx.config.startTimeoutMs;
      while (Date.now() < deadline) {
        if (await answersAs(this.endpoint(), pid, 500)) {
          for (const other of candidates.slice(1)) signalProcess(other, 'SIGKILL');
          if (pid !== record.pid) this.ctx.table.update(this.id, (r) => (r.pid = pid));
          this.adopt(pid);
          return;
        }
        if (!isAlive(pid)) break;
        await sleep(100);
      }
      for (const p of candidates) signalProcess(p, 'SIGKILL');
      await waitUntil(() => candidates.every((p) => !isAlive(p)), 5000);
      this.ctx.events.record(
        this.id,
        'INSTANCE_EVENT_TYPE_RESTARTED',
        `process ${pid} did not answer PING after the agent restarted; killed it and started a new one`,
      );
    } else if (pid > 0) {
      this.ctx.events.record(
        this.id,
        'INSTANCE_EVENT_TYPE_RESTARTED',
        `process ${pid} exited while the agent was down; starting a new one`,
      );
    }
    await this.start();
  }

  private adopt(pid: number): void {
    const generation = ++this.spawnGeneration;
    this.pid = pid;
    this.child = null;
    this.setState('INSTANCE_STATE_RUNNING');
    this.ctx.events.record(
      this.id,
      'INSTANCE_EVENT_TYPE_ADOPTED',
      `found pid ${pid} answering on port ${this.record.port}`,
    );
    this.pollTimer = setInterval(() => {
      if (!isAlive(pid))
        this.onProcessGone(generation, null, null, 'exited (status unknown: adopted after an agent restart)');
    }, this.ctx.config.pollIntervalMs);
    this.pollTimer.unref();
  }

  // -------------------------------------------------------------------------------------------
  // Exit, crash and backoff

  private onProcessGone(
    generation: number,
    code: number | null,
    signal: NodeJS.Signals | null,
    note?: string,
  ): void {
    if (generation !== this.spawnGeneration || this.goneGeneration === generation) return;
    this.goneGeneration = generation;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    this.child = null;
    this.pid = 0;
    for (const resolve of this.exitWaiters.splice(0)) resolve();
    if (this.stopping || this.disposed) return;

    const how =
      this.killReason ??
      note ??
      (signal ? `killed by ${signal}` : code !== null ? `exited with code ${code}` : 'exited');
    this.killReason = null;
    this.onCrash(how, code, signal);
  }

  private onCrash(how: string, code: number | null, signal: NodeJS.Signals | null): void {
    const { config, events, table } = this.ctx;
    const now = Date.now();
    this.crashTimes = this.crashTimes.filter((t) => now - t < config.crashWindowMs);
    this.crashTimes.push(now);
    const crashes = this.crashTimes.length;
    events.record(this.id, 'INSTANCE_EVENT_TYPE_CRASHED', `process ${how}`, {
      exitCode: code ?? -1,
      signal: signal ?? '',
    });

    if (crashes >= config.maxCrashes) {
      const tail = lastLogLines(logFile(config, this.id));
      const reason =
        `process ${how}; crashed ${crashes} times within ${config.crashWindowMs} ms, not restarted again` +
        (tail ? `\nlast log lines:\n${tail}` : '\n(no log output)');
      table.update(this.id, (r) => {
        r.failedReason = reason;
        r.pid = 0;
      });
      this.setState('INSTANCE_STATE_FAILED', reason);
      events.record(this.id, 'INSTANCE_EVENT_TYPE_FAILED', reason);
      return;
    }

    const backoffMs = Math.min(config.restartBackoffMs * 2 ** (crashes - 1), config.restartBackoffMaxMs);
    this.setState('INSTANCE_STATE_RESTARTING', `process ${how}; restarting in ${backoffMs} ms`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.disposed || this.stopping) return;
      table.update(this.id, (r) => r.crashRestarts++);
      events.record(this.id, 'INSTANCE_EVENT_TYPE_RESTARTED', `restarting after the process ${how}`, {
        backoffMs,
      });
      void this.start();
    }, backoffMs);
  }

  // -------------------------------------------------------------------------------------------
  // Stop, restart, dispose

  /** Stops the process on purpose (SIGTERM, then SIGKILL after --stop-timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const pid = this.pid;
    if (pid > 0) {
      this.setState('INSTANCE_STATE_STOPPING');
      const exited = this.waitExit(pid);
      signalProcess(pid, 'SIGTERM');
      if (!(await withTimeout(exited, this.ctx.config.stopTimeoutMs))) {
        signalProcess(pid, 'SIGKILL');
        await withTimeout(exited, 5000);
      }
    }
    if (this.ctx.table.get(this.id)) this.ctx.table.update(this.id, (r) => (r.pid = 0));
  }

  /** Stops and starts again, forgetting earlier crashes (and FAILED). */
  async restart(): Promise<void> {
    await this.stop();
    this.crashTimes = [];
    this.ctx.table.update(this.id, (r) => {
      r.failedReason = null;
      r.crashRestarts = 0;
    });
    await this.start();
  }

  /** Forgets the process without stopping it (agent shutdown: a restarted agent adopts it). */
  dispose(): void {
    this.disposed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.child?.removeAllListeners();
  }

  private waitExit(pid: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.child) {
        this.exitWaiters.push(resolve);
        return;
      }
      // Adopted process: not our child, poll.
      const timer = setInterval(() => {
        if (!isAlive(pid)) {
          clearInterval(timer);
          this.onProcessGone(this.spawnGeneration, null, null);
          resolve();
        }
      }, 20);
    });
  }
}

function rotateLog(file: string): void {
  try {
    if (fs.statSync(file).size > LOG_ROTATE_BYTES) fs.renameSync(file, `${file}.1`);
  } catch {
    // no log yet
  }
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(20);
  }
  return condition();
}
