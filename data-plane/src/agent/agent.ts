// The agent's instance manager: validation, admission, the instance table and one Supervisor per
// instance. The gRPC layer (grpc-server.ts) only translates calls to these methods; every failure
// is an AgentError carrying the gRPC status code.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as grpc from '@grpc/grpc-js';
import {
  diffTiering,
  mergeTiering,
  toTieringSettings,
  validateTiering,
  sameTiering,
  type CreateInstanceRequest__Output,
  type Instance,
  type InstanceStats,
  type NodeInfo,
  type UpdateInstanceRequest__Output,
  type UpdateInstanceResponse,
} from '@strata/proto';
import type { AgentConfig } from './config';
import { EventLog } from './events';
import { InstanceTable, type InstanceRecord } from './instance-table';
import { agentVersion, diskSpace, diskUsage, hostMemoryAvailable, ioUringSupport } from './node-info';
import { configSet, withRedis } from './redis';
import { parseInfo, statsFromInfo } from './stats';
import { Supervisor, instanceDir, tierDir, tierPrefix } from './supervisor';
import { formatSize } from './units';

export class AgentError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (field: string, message: string) =>
  new AgentError(grpc.status.INVALID_ARGUMENT, `${field}: ${message}`);
const exhausted = (what: string, message: string) =>
  new AgentError(grpc.status.RESOURCE_EXHAUSTED, `${what}: ${message}`);

export const MAXMEMORY_POLICIES = [
  'noeviction',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
];
const MIN_MAXMEMORY = 1024 * 1024;
const INSTANCE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class Agent {
  readonly startedAtMs = Date.now();
  private readonly supervisors = new Map<string, Supervisor>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private serverVersionCache = '';

  private constructor(
    readonly config: AgentConfig,
    readonly table: InstanceTable,
    readonly events: EventLog,
  ) {}

  /** Opens the instance table and brings every instance back: adopted or started again. */
  static async open(config: AgentConfig, log: (line: string) => void): Promise<Agent> {
    fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const agent = new Agent(config, InstanceTable.open(config.dataDir), new EventLog(log));
    const records = agent.table.all();
    for (const record of records) agent.supervisors.set(record.id, agent.newSupervisor(record.id));
    await Promise.all(records.map((r) => agent.locked(r.id, () => agent.supervisor(r.id).adoptOrStart())));
    return agent;
  }

  private newSupervisor(id: string): Supervisor {
    return new Supervisor(id, { config: this.config, table: this.table, events: this.events });
  }

  private supervisor(id: string): Supervisor {
    const supervisor = this.supervisors.get(id);
    if (!supervisor)
      throw new AgentError(grpc.status.NOT_FOUND, `instance_id: no instance "${id}" on this node`);
    return supervisor;
  }

  private record(id: string): InstanceRecord {
    const record = this.table.get(id);
    if (!record) throw new AgentError(grpc.status.NOT_FOUND, `instance_id: no instance "${id}" on this node`);
    return record;
  }

  /** Runs operations on one instance one after another. */
  private locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return next;
  }

  // -------------------------------------------------------------------------------------------
  // Create

  async createInstance(req: CreateInstanceRequest__Output): Promise<Instance> {
    const id = checkInstanceId(req.instanceId);
    const maxmemory = checkMaxmemory(req.maxmemoryBytes, 'maxmemory_bytes');
    const policy = checkPolicy(req.maxmemoryPolicy || 'noeviction', 'maxmemory_policy');
    if (req.password) checkPassword(req.password, 'password');
    const violation = validateTiering(req.tiering, 'tiering');
    if (violation) throw invalid(violation.field, violation.message.slice(violation.field.length + 2));
    const tiering = mergeTiering(req.tiering);
    const { start, end } = this.config.portRange;
    if (req.port !== 0 && (req.port < start || req.port > end)) {
      throw invalid('port', `${req.port} is outside this node's port range ${start}-${end}`);
    }

    const existing = this.table.get(id);
    if (existing) {
      const differs =
        existing.maxmemoryBytes !== maxmemory
          ? 'maxmemory_bytes'
          : existing.maxmemoryPolicy !== policy
            ? 'maxmemory_policy'
            : !sameTiering(existing.tiering, tiering)
              ? 'tiering'
              : req.password && req.password !== existing.password
                ? 'password'
                : req.port && req.port !== existing.port
                  ? 'port'
                  : null;
      if (differs) {
        throw new AgentError(
          grpc.status.ALREADY_EXISTS,
          `instance "${id}" already exists with a different ${differs}; use UpdateInstance to change it`,
        );
      }
      return this.locked(id, async () => {
        await this.supervisor(id).waitSettled();
        return this.describe(id, true);
      });
    }

    // Admission and reservation happen synchronously, so concurrent creates cannot both fit.
    this.admitMemory(id, maxmemory, 0);
    this.admitDisk(id, tiering.enabled ? tiering.maxFileSize : 0, 0, tiering.enabled);
    const port = req.port || this.pickPort(new Set());
    if (req.port && this.table.all().some((r) => r.port === req.port)) {
      throw exhausted('ports', `port ${req.port} is used by another instance`);
    }
    const now = Date.now();
    this.table.put({
      id,
      port,
      password: req.password || generatePassword(),
      maxmemoryBytes: maxmemory,
      maxmemoryPolicy: policy,
      tiering,
      createdAtMs: now,
      generation: 1,
      pid: 0,
      startedAtMs: 0,
      crashRestarts: 0,
      failedReason: null,
    });
    const supervisor = this.newSupervisor(id);
    this.supervisors.set(id, supervisor);
    this.events.record(id, 'INSTANCE_EVENT_TYPE_CREATED', `port ${port}, maxmemory ${formatSize(maxmemory)}`);

    return this.locked(id, async () => {
      try {
        await this.ensurePortFree(id, req.port !== 0);
      } catch (err) {
        this.supervisors.delete(id);
        this.table.remove(id);
        throw err;
      }
      await supervisor.start();
      return this.describe(id, true);
    });
  }

  private admitMemory(id: string, bytes: number, currentBytes: number): void {
    const reserved = this.table.all().reduce((sum, r) => sum + r.maxmemoryBytes, 0) - currentBytes;
    const budget = this.config.memoryBudgetBytes;
    if (reserved + bytes > budget) {
      throw exhausted(
        'memory budget',
        `instance "${id}" needs ${formatSize(bytes)} of maxmemory but only ${formatSize(Math.max(0, budget - reserved))} ` +
          `of this node's ${formatSize(budget)} budget is free`,
      );
    }
  }

  /** Tier files: a reservation (max_file_size) must fit the NVMe space not promised to others. */
  private admitDisk(id: string, bytes: number, currentBytes: number, tieringOn: boolean): void {
    if (!tieringOn) return;
    const space = diskSpace(this.config.nvmePath);
    if (space.free <= 0) throw exhausted('disk', `no free space left on ${this.config.nvmePath}`);
    if (bytes === 0) return;
    const reserved =
      this.table.all().reduce((sum, r) => sum + (r.tiering.enabled ? r.tiering.maxFileSize : 0), 0) -
      currentBytes;
    const usable = space.free + this.tierFilesBytes();
    if (reserved + bytes > usable) {
      throw exhausted(
        'disk',
        `instance "${id}" asks for a ${formatSize(bytes)} tier file but only ${formatSize(Math.max(0, usable - reserved))} ` +
          `of ${this.config.nvmePath} is not reserved by other instances`,
      );
    }
  }

  /** Bytes the instances' directories under the NVMe path occupy now. */
  private tierFilesBytes(): number {
    return this.table.all().reduce((sum, r) => sum + diskUsage(tierDir(this.config, r.id)), 0);
  }

  private pickPort(skip: Set<number>): number {
    const used = new Set(this.table.all().map((r) => r.port));
    for (let port = this.config.portRange.start; port <= this.config.portRange.end; port++) {
      if (!used.has(port) && !skip.has(port)) return port;
    }
    const { start, end } = this.config.portRange;
    throw exhausted('ports', `all ${end - start + 1} ports of this node's range ${start}-${end} are in use`);
  }

  /** Moves the instance to another port when something outside the agent holds its port. */
  private async ensurePortFree(id: string, requested: boolean): Promise<void> {
    const busy = new Set<number>();
    for (;;) {
      const port = this.record(id).port;
      if (await portIsFree(this.config.instanceBind, port)) return;
      if (requested) throw exhausted('ports', `port ${port} is in use by another process on this node`);
      busy.add(port);
      const next = this.pickPort(busy);
      this.table.update(id, (r) => (r.port = next));
    }
  }

  // -------------------------------------------------------------------------------------------
  // Read

  getInstance(id: string): Instance {
    this.record(id);
    return this.describe(id, false);
  }

  listInstances(): Instance[] {
    return this.table.all().map((r) => this.describe(r.id, false));
  }

  private describe(id: string, withPassword: boolean): Instance {
    const record = this.record(id);
    const supervisor = this.supervisor(id);
    return {
      instanceId: id,
      state: supervisor.state,
      stateReason: supervisor.reason,
      host: this.config.advertiseHost,
      port: record.port,
      password: withPassword ? record.password : '',
      maxmemoryBytes: record.maxmemoryBytes,
      maxmemoryPolicy: record.maxmemoryPolicy,
      tiering: toTieringSettings(record.tiering),
      tierPrefix: record.tiering.enabled ? tierPrefix(this.config, id) : '',
      pid: supervisor.currentPid,
      crashRestarts: record.crashRestarts,
      createdAtMs: record.createdAtMs,
      startedAtMs: record.startedAtMs,
      generation: record.generation,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Update

  async updateInstance(req: UpdateInstanceRequest__Output): Promise<UpdateInstanceResponse> {
    const id = checkInstanceId(req.instanceId);
    this.record(id);
    const maxmemory =
      req.maxmemoryBytes === undefined ? undefined : checkMaxmemory(req.maxmemoryBytes, 'maxmemory_bytes');
    const policy =
      req.maxmemoryPolicy === undefined ? undefined : checkPolicy(req.maxmemoryPolicy, 'maxmemory_policy');
    const violation = validateTiering(req.tiering, 'tiering');
    if (violation) throw invalid(violation.field, violation.message.slice(violation.field.length + 2));

    return this.locked(id, async () => {
      // A process being started by the supervisor runs with the old spec: let that finish first.
      await this.supervisor(id).waitSettled();
      const before = { ...this.record(id) };
      const tiering = mergeTiering(before.tiering, req.tiering);
      // Only growth is checked: repeating the current size must work even on an over-committed node
      // (a budget lowered across an agent restart).
      if (maxmemory !== undefined && maxmemory > before.maxmemoryBytes) {
        this.admitMemory(id, maxmemory, before.maxmemoryBytes);
      }
      if (
        tiering.enabled &&
        (!before.tiering.enabled || tiering.maxFileSize !== before.tiering.maxFileSize)
      ) {
        this.admitDisk(
          id,
          tiering.maxFileSize,
          before.tiering.enabled ? before.tiering.maxFileSize : 0,
          true,
        );
      }

      // What to tell the running process, by CONFIG name.
      const live: { name: string; value: string }[] = [];
      if (maxmemory !== undefined && maxmemory !== before.maxmemoryBytes)
        live.push({ name: 'maxmemory', value: String(maxmemory) });
      if (policy !== undefined && policy !== before.maxmemoryPolicy)
        live.push({ name: 'maxmemory-policy', value: policy });
      const tieringChange = diffTiering(before.tiering, tiering);
      const restartReasons: string[] = [];
      if (this.config.serverFlavor === 'strata') {
        live.push(...tieringChange.live);
        for (const field of tieringChange.restart) {
          restartReasons.push(
            `tiering.${field.protoPath}: ${field.serverName} is only read when the process starts`,
          );
        }
      }

      const updated = this.table.update(id, (r) => {
        if (maxmemory !== undefined) r.maxmemoryBytes = maxmemory;
        if (policy !== undefined) r.maxmemoryPolicy = policy;
        r.tiering = tiering;
        r.generation++;
      });
      const supervisor = this.supervisor(id);
      const appliedLive: string[] = [];
      if (supervisor.state === 'INSTANCE_STATE_RUNNING' && restartReasons.length === 0 && live.length > 0) {
        try {
          await withRedis(supervisor.endpoint(), async (redis) => {
            for (const setting of live) {
              const error = await configSet(redis, setting.name, setting.value);
              if (error === null) appliedLive.push(setting.name);
              else restartReasons.push(`${setting.name}: CONFIG SET was refused (${error})`);
            }
          });
        } catch (err) {
          restartReasons.push(`the process did not answer (${(err as Error).message})`);
        }
      }
      const restarted = restartReasons.length > 0 && supervisor.state !== 'INSTANCE_STATE_FAILED';
      if (restarted) await supervisor.restart();
      this.events.record(
        id,
        'INSTANCE_EVENT_TYPE_SETTINGS_UPDATED',
        `generation ${updated.generation}` +
          (appliedLive.length ? `; applied live: ${appliedLive.join(', ')}` : '') +
          (restarted ? `; restarted: ${restartReasons.join('; ')}` : ''),
      );
      return {
        instance: this.describe(id, false),
        appliedLive: restarted ? [] : appliedLive,
        restarted,
        restartReasons: restarted ? restartReasons : [],
      };
    });
  }

  async rotatePassword(id: string, newPassword: string): Promise<Instance> {
    checkInstanceId(id);
    this.record(id);
    if (newPassword) checkPassword(newPassword, 'new_password');
    const password = newPassword || generatePassword();
    return this.locked(id, async () => {
      const supervisor = this.supervisor(id);
      await supervisor.waitSettled();
      const oldEndpoint = supervisor.endpoint();
      // Persist first: if the agent dies now, the next start (or adoption check) uses the new one.
      this.table.update(id, (r) => {
        r.password = password;
        r.generation++;
      });
      let how = 'applied live with CONFIG SET requirepass';
      if (supervisor.state === 'INSTANCE_STATE_RUNNING') {
        let error: string | null;
        try {
          error = await withRedis(oldEndpoint, (redis) => configSet(redis, 'requirepass', password));
        } catch (err) {
          error = (err as Error).message;
        }
        if (error !== null) {
          how = `restarted (CONFIG SET requirepass failed: ${error})`;
          await supervisor.restart();
        }
      } else {
        how = 'takes effect when the process starts';
      }
      this.events.record(id, 'INSTANCE_EVENT_TYPE_PASSWORD_ROTATED', how);
      return this.describe(id, true);
    });
  }

  async restartInstance(id: string): Promise<Instance> {
    checkInstanceId(id);
    this.record(id);
    return this.locked(id, async () => {
      const supervisor = this.supervisor(id);
      await supervisor.restart();
      return this.describe(id, false);
    });
  }

  async deleteInstance(id: string): Promise<{ existed: boolean }> {
    checkInstanceId(id);
    if (!this.table.get(id)) return { existed: false };
    return this.locked(id, async () => {
      const supervisor = this.supervisors.get(id);
      if (!supervisor || !this.table.get(id)) return { existed: false };
      await supervisor.stop();
      supervisor.dispose();
      fs.rmSync(tierDir(this.config, id), { recursive: true, force: true });
      fs.rmSync(instanceDir(this.config, id), { recursive: true, force: true });
      this.table.remove(id);
      this.supervisors.delete(id);
      this.events.record(id, 'INSTANCE_EVENT_TYPE_DELETED', 'process stopped, tier files removed');
      return { existed: true };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Stats and node

  instanceIds(): string[] {
    return this.table.all().map((r) => r.id);
  }

  async instanceStats(id: string): Promise<InstanceStats> {
    const supervisor = this.supervisor(id);
    const base = { instanceId: id, collectedAtMs: Date.now(), state: supervisor.state };
    if (supervisor.state !== 'INSTANCE_STATE_RUNNING') {
      return {
        ...base,
        available: false,
        error: `instance is ${supervisor.state.replace('INSTANCE_STATE_', '')}`,
      };
    }
    try {
      const fields = await withRedis(supervisor.endpoint(), async (redis) => {
        const info = parseInfo(await redis.info());
        // Servers whose default INFO leaves the tiered section out still answer INFO TIERED.
        if (![...info.keys()].some((k) => k.startsWith('tiered_'))) {
          for (const [k, v] of parseInfo(await redis.info('tiered'))) info.set(k, v);
        }
        return info;
      });
      this.serverVersionCache =
        fields.get('strata_version') ??
        (fields.get('redis_version') ? `redis ${fields.get('redis_version')}` : '');
      return { ...base, ...statsFromInfo(fields) };
    } catch (err) {
      return { ...base, available: false, error: (err as Error).message };
    }
  }

  async nodeInfo(): Promise<NodeInfo> {
    const records = this.table.all();
    const states = records.map((r) => this.supervisors.get(r.id)?.state);
    if (!this.serverVersionCache) {
      const running = records.find((r) => this.supervisors.get(r.id)?.state === 'INSTANCE_STATE_RUNNING');
      if (running) await this.instanceStats(running.id);
    }
    const reservedMemory = records.reduce((sum, r) => sum + r.maxmemoryBytes, 0);
    const disk = diskSpace(this.config.nvmePath);
    const { start, end } = this.config.portRange;
    const ioUring = ioUringSupport();
    return {
      nodeId: this.table.nodeId,
      hostname: os.hostname(),
      advertiseHost: this.config.advertiseHost,
      apiVersion: 1,
      agentVersion: agentVersion(),
      serverCommand: this.config.serverCommand.join(' '),
      serverVersion: this.serverVersionCache,
      nodeVersion: process.version,
      kernelRelease: os.release(),
      ioUringSupported: ioUring.supported,
      ioUringDetail: ioUring.detail,
      memoryBudgetBytes: this.config.memoryBudgetBytes,
      memoryReservedBytes: reservedMemory,
      memoryFreeBytes: Math.max(0, this.config.memoryBudgetBytes - reservedMemory),
      hostMemoryTotalBytes: os.totalmem(),
      hostMemoryAvailableBytes: hostMemoryAvailable(),
      nvmePath: this.config.nvmePath,
      diskCapacityBytes: disk.capacity,
      diskFreeBytes: disk.free,
      diskReservedBytes: records.reduce((sum, r) => sum + (r.tiering.enabled ? r.tiering.maxFileSize : 0), 0),
      diskUsedByInstancesBytes: this.tierFilesBytes(),
      portRangeStart: start,
      portRangeEnd: end,
      portsFree: end - start + 1 - records.length,
      instanceCount: records.length,
      instancesRunning: states.filter((s) => s === 'INSTANCE_STATE_RUNNING').length,
      instancesFailed: states.filter((s) => s === 'INSTANCE_STATE_FAILED').length,
      startedAtMs: this.startedAtMs,
    };
  }

  /** Leaves the processes running (a restarted agent adopts them) unless told to stop them. */
  async shutdown(stopInstances: boolean): Promise<void> {
    for (const [id, supervisor] of this.supervisors) {
      if (stopInstances) await this.locked(id, () => supervisor.stop());
      supervisor.dispose();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

function checkInstanceId(id: string): string {
  if (!INSTANCE_ID.test(id)) {
    throw invalid(
      'instance_id',
      'must be 1 to 63 lower-case letters, digits or "-", starting with a letter or digit',
    );
  }
  return id;
}

function checkMaxmemory(bytes: number, field: string): number {
  if (!Number.isSafeInteger(bytes) || bytes < MIN_MAXMEMORY) {
    throw invalid(field, `must be at least ${MIN_MAXMEMORY} (1 MiB), got ${bytes}`);
  }
  return bytes;
}

function checkPolicy(policy: string, field: string): string {
  if (!MAXMEMORY_POLICIES.includes(policy))
    throw invalid(field, `must be one of ${MAXMEMORY_POLICIES.join(', ')}`);
  return policy;
}

function checkPassword(password: string, field: string): void {
  // Printable ASCII without spaces; not starting with "-" (it is passed as a command-line value).
  if (!/^[\x21-\x7e]{16,512}$/.test(password) || password.startsWith('-')) {
    throw invalid(
      field,
      'must be 16 to 512 printable ASCII characters without spaces, not starting with "-"',
    );
  }
}

function generatePassword(): string {
  return crypto.randomBytes(24).toString('hex');
}

function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
