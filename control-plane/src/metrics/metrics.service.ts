// Datastore figures: every STRATA_STATS_INTERVAL_MS the latest INFO of each active datastore is read
// from its node agent, kept as the datastore's latest figures and appended to a time series (pruned
// after STRATA_METRICS_RETENTION_HOURS). The Prometheus endpoint renders the latest figures of the
// whole service.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Datastore, MetricSample, Node } from '@strata/prisma';
import type { InstanceStats__Output } from '@strata/proto';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.provider';
import { newId } from '../common/ids';
import { PrismaService } from '../database/prisma.service';
import { AgentCallError, AgentClients } from '../nodes/agent-client';
import { meter } from '../telemetry/telemetry';
import type { DatastoreMetricsDto, MetricPointDto } from './dto/metrics.dto';

function toPoint(s: MetricSample): MetricPointDto {
  return {
    at: s.at.toISOString(),
    usedMemory: Number(s.usedMemory),
    maxmemory: Number(s.maxmemory),
    keys: Number(s.keys),
    tieredEntries: Number(s.tieredEntries),
    tieredBytes: Number(s.tieredBytes),
    ramHits: Number(s.ramHits),
    ramCoolHits: Number(s.ramCoolHits),
    ramMisses: Number(s.ramMisses),
    opsPerSec: s.opsPerSec,
    totalStashes: Number(s.totalStashes),
    totalFetches: Number(s.totalFetches),
    clientsThrottled: Number(s.clientsThrottled),
  };
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

@Injectable()
export class MetricsService implements OnApplicationShutdown {
  private readonly logger = new Logger('metrics');
  private timer: NodeJS.Timeout | undefined;
  private collecting = false;
  private collections = 0;

  constructor(
    private readonly prisma: PrismaService,
    private readonly agents: AgentClients,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // OpenTelemetry gauges of the fleet (exported over OTLP when enabled).
    meter()
      .createObservableGauge('strata.datastores', { description: 'Datastores by status' })
      .addCallback(async (result) => {
        const counts = await this.prisma.client.datastore.groupBy({ by: ['status'], _count: { _all: true } });
        for (const c of counts) result.observe(c._count._all, { status: c.status });
      });
  }

  start(): void {
    this.timer = setInterval(() => void this.collect(), this.config.statsIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Reads the figures of every active datastore on a healthy node once. */
  async collect(): Promise<void> {
    if (this.collecting) return;
    this.collecting = true;
    try {
      const datastores = await this.prisma.client.datastore.findMany({
        where: { status: { in: ['active', 'updating'] }, nodeId: { not: null }, node: { health: 'healthy' } },
        include: { node: true },
      });
      // One at a time, yielding in between: the API's requests interleave with the collection
      // instead of queueing behind a burst of database writes.
      for (const d of datastores) {
        await this.collectOne(d).catch((err: unknown) =>
          this.logger.warn(`${d.id}: ${(err as Error).message}`),
        );
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (++this.collections % 60 === 1) {
        const cutoff = new Date(Date.now() - this.config.metricsRetentionHours * 3600_000);
        await this.prisma.client.metricSample.deleteMany({ where: { at: { lt: cutoff } } });
        // Idempotency keys are honoured for a day.
        const dayAgo = new Date(Date.now() - 24 * 3600_000);
        await this.prisma.client.idempotencyRecord.deleteMany({ where: { createdAt: { lt: dayAgo } } });
      }
    } catch (err) {
      this.logger.error(`collect: ${(err as Error).message}`);
    } finally {
      this.collecting = false;
    }
  }

  private async collectOne(d: Datastore & { node: Node | null }): Promise<void> {
    const node = d.node!;
    let stats: InstanceStats__Output;
    try {
      stats = await this.agents
        .get({ id: node.id, address: node.address, credential: node.credential })
        .getInstanceStats(d.id);
    } catch (err) {
      if (err instanceof AgentCallError && err.code === GrpcStatus.NOT_FOUND) {
        // The node no longer has the instance (removed outside the control plane, disk wiped...):
        // actual state drifted from the desired one; a new generation makes the reconciler
        // create it again.
        this.logger.warn(`datastore ${d.id}: its instance is gone from node ${node.name}; recreating it`);
        await this.prisma.client.datastore.updateMany({
          where: { id: d.id, status: 'active', generation: d.generation },
          data: {
            generation: { increment: 1 },
            status: 'updating',
            statusReason: 'the instance was missing on its node; recreating it',
            attempts: 0,
            nextAttemptAt: null,
          },
        });
      }
      return; // the health loop reports unreachable nodes
    }
    const now = new Date();
    if (stats.state === 'INSTANCE_STATE_FAILED' && d.status === 'active') {
      await this.prisma.client.datastore.updateMany({
        where: { id: d.id, status: 'active' },
        data: {
          status: 'failed',
          statusReason: `the instance failed on its node: ${stats.error || 'crashed repeatedly'}`,
        },
      });
    }
    if (!stats.available) return;
    const { raw: _raw, ...figures } = stats;
    const t = stats.tiered;
    await this.prisma.client.$transaction([
      this.prisma.client.datastore.update({
        where: { id: d.id },
        data: { latestStats: JSON.stringify(figures), statsAt: now },
      }),
      this.prisma.client.metricSample.create({
        data: {
          id: newId('ms'),
          datastoreId: d.id,
          at: now,
          usedMemory: BigInt(stats.usedMemory),
          maxmemory: BigInt(stats.maxmemory),
          keys: BigInt(stats.keys),
          tieredEntries: BigInt(t?.tieredEntries ?? 0),
          tieredBytes: BigInt(t?.tieredEntriesBytes ?? 0),
          ramHits: BigInt(t?.tieredRamHits ?? 0),
          ramCoolHits: BigInt(t?.tieredRamCoolHits ?? 0),
          ramMisses: BigInt(t?.tieredRamMisses ?? 0),
          opsPerSec: stats.instantaneousOpsPerSec,
          totalStashes: BigInt(t?.tieredTotalStashes ?? 0),
          totalFetches: BigInt(t?.tieredTotalFetches ?? 0),
          clientsThrottled: BigInt(t?.tieredClientsThrottled ?? 0),
        },
      }),
    ]);
  }

  async forDatastore(id: string, hours: number): Promise<DatastoreMetricsDto> {
    const d = await this.prisma.client.datastore.findUniqueOrThrow({ where: { id } });
    const since = new Date(Date.now() - hours * 3600_000);
    const samples = await this.prisma.client.metricSample.findMany({
      where: { datastoreId: id, at: { gte: since } },
      orderBy: { at: 'asc' },
      take: 10_000,
    });
    let latest: Record<string, unknown> | null = null;
    try {
      latest = d.latestStats ? (JSON.parse(d.latestStats) as Record<string, unknown>) : null;
    } catch {
      latest = null;
    }
    return {
      datastoreId: id,
      latestAt: d.statsAt?.toISOString() ?? null,
      latest,
      series: samples.map(toPoint),
    };
  }

  /** The Prometheus text exposition of the service: fleet counts, nodes, each datastore's latest figures. */
  async prometheus(): Promise<string> {
    const lines: string[] = [];
    const gauge = (name: string, help: string, rows: [Record<string, string>, number][], type = 'gauge') => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of rows) {
        const text = Object.entries(labels)
          .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
          .join(',');
        lines.push(`${name}${text ? `{${text}}` : ''} ${Number.isFinite(value) ? value : 0}`);
      }
    };
    const byStatus = await this.prisma.client.datastore.groupBy({ by: ['status'], _count: { _all: true } });
    gauge(
      'strata_datastores',
      'Datastores by status',
      byStatus.map((s) => [{ status: s.status }, s._count._all]),
    );
    const ops = await this.prisma.client.operation.groupBy({ by: ['status'], _count: { _all: true } });
    gauge(
      'strata_operations',
      'Operations by status',
      ops.map((s) => [{ status: s.status }, s._count._all]),
    );
    const nodes = await this.prisma.client.node.findMany();
    gauge(
      'strata_node_healthy',
      '1 when the node answers health checks',
      nodes.map((n) => [{ node: n.name }, n.health === 'healthy' ? 1 : 0]),
    );
    gauge(
      'strata_node_memory_budget_bytes',
      'RAM budget of the node',
      nodes.map((n) => [{ node: n.name }, Number(n.memoryBudgetBytes)]),
    );
    gauge(
      'strata_node_memory_free_bytes',
      'RAM budget left on the node',
      nodes.map((n) => [{ node: n.name }, Number(n.memoryFreeBytes)]),
    );
    gauge(
      'strata_node_disk_free_bytes',
      'Free space on the NVMe path',
      nodes.map((n) => [{ node: n.name }, Number(n.diskFreeBytes)]),
    );

    const datastores = await this.prisma.client.datastore.findMany({
      where: { status: { not: 'deleted' }, latestStats: { not: '' } },
      select: { id: true, name: true, tenantId: true, latestStats: true },
    });
    const series: Record<string, { help: string; type: string; rows: [Record<string, string>, number][] }> =
      {};
    const add = (
      name: string,
      help: string,
      type: string,
      labels: Record<string, string>,
      value: unknown,
    ) => {
      (series[name] ??= { help, type, rows: [] }).rows.push([labels, Number(value ?? 0)]);
    };
    for (const d of datastores) {
      let s: Partial<InstanceStats__Output>;
      try {
        s = JSON.parse(d.latestStats) as Partial<InstanceStats__Output>;
      } catch {
        continue;
      }
      const labels = { datastore: d.id, name: d.name, tenant: d.tenantId };
      const t = s.tiered;
      add('strata_datastore_used_memory_bytes', 'Bytes in RAM (used_memory)', 'gauge', labels, s.usedMemory);
      add('strata_datastore_maxmemory_bytes', 'maxmemory', 'gauge', labels, s.maxmemory);
      add('strata_datastore_keys', 'Keys', 'gauge', labels, s.keys);
      add(
        'strata_datastore_ops_per_second',
        'instantaneous_ops_per_sec',
        'gauge',
        labels,
        s.instantaneousOpsPerSec,
      );
      add('strata_datastore_connected_clients', 'connected_clients', 'gauge', labels, s.connectedClients);
      add(
        'strata_datastore_tiered_entries',
        'Entries with their value on disk',
        'gauge',
        labels,
        t?.tieredEntries,
      );
      add('strata_datastore_tiered_bytes', 'Bytes of values on disk', 'gauge', labels, t?.tieredEntriesBytes);
      add(
        'strata_datastore_tiered_ram_hits_total',
        'Reads served from RAM',
        'counter',
        labels,
        t?.tieredRamHits,
      );
      add(
        'strata_datastore_tiered_ram_cool_hits_total',
        'Reads served from cooled copies',
        'counter',
        labels,
        t?.tieredRamCoolHits,
      );
      add(
        'strata_datastore_tiered_ram_misses_total',
        'Reads that went to disk',
        'counter',
        labels,
        t?.tieredRamMisses,
      );
      add('strata_datastore_tiered_stashes_total', 'Disk writes', 'counter', labels, t?.tieredTotalStashes);
      add('strata_datastore_tiered_fetches_total', 'Disk reads', 'counter', labels, t?.tieredTotalFetches);
      add(
        'strata_datastore_tiered_clients_throttled',
        'Clients throttled now',
        'gauge',
        labels,
        t?.tieredClientsThrottled,
      );
    }
    for (const [name, s] of Object.entries(series)) gauge(name, s.help, s.rows, s.type);
    return `${lines.join('\n')}\n`;
  }
}
