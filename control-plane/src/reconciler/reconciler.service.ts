// The reconciler drives each datastore's actual state (its instance on a node) to the desired
// state stored by the API. A datastore needs work while its status is creating, updating or
// deleting; each pass claims a lease on it (several control-plane replicas may run), calls the
// node agent, records the generation it applied, and on failure retries with exponential backoff
// until STRATA_MAX_ATTEMPTS, when the datastore turns failed with the reason. Changes made through
// the API wake it at once (kick), inside the request's trace context.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Datastore, Node } from '@strata/prisma';
import { toTieringSettings, type EffectiveTiering } from '@strata/proto';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.provider';
import { newId, randomSecret } from '../common/ids';
import { SecretBox } from '../common/secret-box';
import { effectiveTiering } from '../common/tiering.dto';
import { PrismaService } from '../database/prisma.service';
import { AgentCallError, AgentClients } from '../nodes/agent-client';
import { OperationsService } from '../operations/operations.service';
import { meter, traced } from '../telemetry/telemetry';
import { chooseNode } from './placement';

// Longer than the slowest agent call (30 s), so a lease never lapses while its holder still works.
const LEASE_MS = 45_000;
const WORK_STATUSES = ['creating', 'updating', 'deleting'];

class ReconcileError extends Error {
  constructor(
    message: string,
    readonly retryable = true,
  ) {
    super(message);
  }
}

export function backoffMs(attempts: number): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

type Loaded = Datastore & { node: Node | null; tenant: { tiering: string } };

@Injectable()
export class ReconcilerService implements OnApplicationShutdown {
  private readonly logger = new Logger('reconciler');
  private readonly owner = newId('node').replace('node-', 'cp-');
  private readonly inFlight = new Set<string>();
  private readonly again = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private stopped = false;
  private readonly pending = new Set<Promise<void>>();
  private readonly attemptsCounter = meter().createCounter('strata.reconcile.attempts', {
    description: 'Reconcile attempts of datastores, by action and result',
  });

  constructor(
    private readonly prisma: PrismaService,
    private readonly agents: AgentClients,
    private readonly operations: OperationsService,
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(): Promise<void> {
    if (this.prisma.provider === 'sqlite') {
      // A SQLite database has one control plane: leases left by a previous process are stale.
      await this.prisma.client.datastore.updateMany({
        where: { leaseOwner: { not: '' } },
        data: { leaseOwner: '', leaseUntil: null },
      });
    }
    this.timer = setInterval(() => void this.tick(), this.config.reconcileIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.pending]);
  }

  /** Works on a datastore now (after an API change), in the caller's trace context. */
  kick(id: string): void {
    if (this.stopped) return;
    if (this.inFlight.has(id)) {
      this.again.add(id);
      return;
    }
    this.track(this.reconcile(id));
  }

  private track(work: Promise<void>): void {
    const p = work.catch((err: unknown) => this.logger.error(`reconcile: ${(err as Error).message}`));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** One pass over every datastore that needs work and is due. */
  async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const now = new Date();
      const due = await this.prisma.client.datastore.findMany({
        where: {
          status: { in: WORK_STATUSES },
          OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
        },
        select: { id: true },
        take: 100,
      });
      const work = due.filter((d) => !this.inFlight.has(d.id)).map((d) => this.reconcile(d.id));
      await Promise.allSettled(work);
      await this.operations.settle();
    } catch (err) {
      if (!this.stopped) this.logger.error(`tick: ${(err as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  /** Works on one datastore until it reaches its desired generation or a step fails. */
  async reconcile(id: string): Promise<void> {
    if (this.inFlight.has(id)) return;
    this.inFlight.add(id);
    try {
      do {
        this.again.delete(id);
        await this.reconcileOnce(id);
      } while (this.again.has(id) && !this.stopped);
      await this.operations.settle();
    } finally {
      this.inFlight.delete(id);
    }
  }

  private async claim(id: string): Promise<boolean> {
    const now = new Date();
    const claimed = await this.prisma.client.datastore.updateMany({
      where: { id, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: this.owner }] },
      data: { leaseOwner: this.owner, leaseUntil: new Date(now.getTime() + LEASE_MS) },
    });
    return claimed.count === 1;
  }

  private async release(id: string): Promise<void> {
    await this.prisma.client.datastore.updateMany({
      where: { id, leaseOwner: this.owner },
      data: { leaseOwner: '', leaseUntil: null },
    });
  }

  private async reconcileOnce(id: string): Promise<void> {
    if (!(await this.claim(id))) return;
    try {
      const d = await this.prisma.client.datastore.findUnique({
        where: { id },
        include: { node: true, tenant: { select: { tiering: true } } },
      });
      if (!d || !WORK_STATUSES.includes(d.status)) return;
      const generation = d.generation;
      await traced(
        'reconciler.reconcile',
        { 'strata.datastore.id': id, 'strata.generation': generation },
        async (span) => {
          const action = d.deleteRequested ? 'delete' : !d.nodeId ? 'create' : 'update';
          try {
            if (action === 'delete') await this.deleteInstance(d);
            else if (action === 'create') await this.createInstance(d);
            else await this.updateInstance(d);
            await this.markApplied(d, generation);
            this.attemptsCounter.add(1, { action, result: 'ok' });
          } catch (err) {
            span.setAttribute('strata.error', (err as Error).message);
            this.attemptsCounter.add(1, { action, result: 'error' });
            await this.markFailedAttempt(d, err);
          }
        },
      );
    } finally {
      await this.release(id);
    }
  }

  private agentFor(node: Node) {
    return this.agents.get({ id: node.id, address: node.address, credential: node.credential });
  }

  private effective(d: Loaded): EffectiveTiering {
    return effectiveTiering(d.tenant.tiering, d.tiering);
  }

  private async createInstance(d: Loaded): Promise<void> {
    const nodes = await this.prisma.client.node.findMany();
    const placed = await this.prisma.client.datastore.groupBy({
      by: ['nodeId'],
      where: { status: { not: 'deleted' }, nodeId: { not: null }, id: { not: d.id } },
      _sum: { memoryBytes: true },
    });
    const placedBy = new Map(placed.map((p) => [p.nodeId, Number(p._sum.memoryBytes ?? 0n)]));
    const choice = chooseNode(
      nodes.map((n) => ({
        id: n.id,
        health: n.health,
        draining: n.draining,
        memoryBudgetBytes: Number(n.memoryBudgetBytes),
        placedBytes: placedBy.get(n.id) ?? 0,
      })),
      Number(d.memoryBytes),
    );
    if ('error' in choice) throw new ReconcileError(choice.error);
    const node = nodes.find((n) => n.id === choice.nodeId)!;
    // Recorded before the call: if the call times out after the agent created the instance, the
    // retry goes to the same node, where the create is idempotent.
    await this.prisma.client.datastore.update({ where: { id: d.id }, data: { nodeId: node.id } });
    let password = this.secrets.open(d.password);
    if (d.rotatePassword) password = randomSecret(32);
    try {
      const instance = await this.agentFor(node).createInstance({
        instanceId: d.id,
        maxmemoryBytes: Number(d.memoryBytes),
        maxmemoryPolicy: d.evictionPolicy,
        password,
        tiering: toTieringSettings(this.effective(d)),
      });
      if (instance.state === 'INSTANCE_STATE_FAILED') {
        throw new ReconcileError(`the instance failed to start: ${instance.stateReason}`, false);
      }
      await this.prisma.client.datastore.update({
        where: { id: d.id },
        data: {
          host: instance.host,
          port: instance.port,
          password: this.secrets.seal(password),
          rotatePassword: false,
        },
      });
    } catch (err) {
      if (
        err instanceof AgentCallError &&
        err.retryable &&
        err.code !== 14 /* UNAVAILABLE */ &&
        err.code !== 4
      ) {
        // Refused by that node (RESOURCE_EXHAUSTED...): let the next attempt choose again.
        await this.prisma.client.datastore.update({ where: { id: d.id }, data: { nodeId: null } });
      }
      throw err;
    }
  }

  private async updateInstance(d: Loaded): Promise<void> {
    const node = d.node!;
    const agent = this.agentFor(node);
    const tiering = toTieringSettings(this.effective(d));
    try {
      await agent.updateInstance({
        instanceId: d.id,
        maxmemoryBytes: Number(d.memoryBytes),
        maxmemoryPolicy: d.evictionPolicy,
        tiering,
      });
    } catch (err) {
      if (!(err instanceof AgentCallError) || err.code !== GrpcStatus.NOT_FOUND) throw err;
      // The node lost the instance (its disk was wiped...): create it again with the same spec.
      const instance = await agent.createInstance({
        instanceId: d.id,
        maxmemoryBytes: Number(d.memoryBytes),
        maxmemoryPolicy: d.evictionPolicy,
        password: this.secrets.open(d.password),
        tiering,
      });
      await this.prisma.client.datastore.update({
        where: { id: d.id },
        data: { host: instance.host, port: instance.port },
      });
    }
    if (d.rotatePassword) {
      const password = randomSecret(32);
      await agent.rotatePassword(d.id, password);
      // Stored right away: the server already uses it.
      await this.prisma.client.datastore.update({
        where: { id: d.id },
        data: { password: this.secrets.seal(password), rotatePassword: false },
      });
    }
  }

  private async deleteInstance(d: Loaded): Promise<void> {
    if (d.node) await this.agentFor(d.node).deleteInstance(d.id);
  }

  private async markApplied(d: Loaded, generation: number): Promise<void> {
    const done = d.deleteRequested
      ? { status: 'deleted', liveName: null, deletedAt: new Date(), host: '', port: 0, latestStats: '' }
      : { status: 'active', appliedTiering: JSON.stringify(this.effective(d)) };
    const updated = await this.prisma.client.datastore.updateMany({
      where: { id: d.id, generation },
      data: { ...done, appliedGeneration: generation, attempts: 0, nextAttemptAt: null, statusReason: '' },
    });
    if (updated.count === 0) {
      // The desired state moved on meanwhile: record progress and go again.
      await this.prisma.client.datastore.update({
        where: { id: d.id },
        data: { appliedGeneration: generation },
      });
      this.again.add(d.id);
    }
  }

  private async markFailedAttempt(d: Loaded, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const attempts = d.attempts + 1;
    const retryable = err instanceof ReconcileError || err instanceof AgentCallError ? err.retryable : true;
    const giveUp = !retryable || attempts >= this.config.maxAttempts;
    this.logger.warn(
      `datastore ${d.id}: attempt ${attempts} failed: ${message}${giveUp ? ' (giving up)' : ''}`,
    );
    await this.prisma.client.datastore.update({
      where: { id: d.id },
      data: giveUp
        ? { status: 'failed', statusReason: message, attempts, nextAttemptAt: null }
        : {
            attempts,
            statusReason: `attempt ${attempts} failed, retrying: ${message}`,
            nextAttemptAt: new Date(Date.now() + backoffMs(attempts)),
          },
    });
  }
}
