// Nodes (platform admins): register an agent by address and credential, see capacity and health,
// drain. A health loop asks every agent for its NodeInfo with a deadline; a node that misses it
// turns unhealthy (within the health interval plus the deadline, 4 s by default).
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Node } from '@strata/prisma';
import type { NodeInfo__Output } from '@strata/proto';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.provider';
import { requireRole, type Principal } from '../common/auth/principal';
import { ApiError, notFound } from '../common/errors';
import { SecretBox } from '../common/secret-box';
import { newId } from '../common/ids';
import { pageArgs, toPage, type Page } from '../common/pagination';
import { PrismaService } from '../database/prisma.service';
import { AgentClients } from './agent-client';
import type { NodeDto, RegisterNodeDto } from './dto/node.dto';

export function toNodeDto(n: Node, datastoreCount = 0): NodeDto {
  let info: Record<string, unknown> = {};
  try {
    info = JSON.parse(n.info) as Record<string, unknown>;
  } catch {
    // keep {}
  }
  return {
    id: n.id,
    name: n.name,
    address: n.address,
    agentNodeId: n.agentNodeId,
    advertiseHost: n.advertiseHost,
    health: n.health,
    draining: n.draining,
    lastSeenAt: n.lastSeenAt?.toISOString() ?? null,
    lastError: n.lastError,
    memoryBudgetBytes: Number(n.memoryBudgetBytes),
    memoryFreeBytes: Number(n.memoryFreeBytes),
    diskCapacityBytes: Number(n.diskCapacityBytes),
    diskFreeBytes: Number(n.diskFreeBytes),
    instanceCount: n.instanceCount,
    datastoreCount,
    info,
    createdAt: n.createdAt.toISOString(),
  };
}

function infoFields(info: NodeInfo__Output) {
  return {
    health: 'healthy',
    lastSeenAt: new Date(),
    lastError: '',
    agentNodeId: info.nodeId,
    advertiseHost: info.advertiseHost,
    memoryBudgetBytes: BigInt(info.memoryBudgetBytes),
    memoryFreeBytes: BigInt(info.memoryFreeBytes),
    diskCapacityBytes: BigInt(info.diskCapacityBytes),
    diskFreeBytes: BigInt(info.diskFreeBytes),
    instanceCount: info.instanceCount,
    info: JSON.stringify(info),
  };
}

@Injectable()
export class NodesService implements OnApplicationShutdown {
  private readonly logger = new Logger('nodes');
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    private readonly prisma: PrismaService,
    private readonly agents: AgentClients,
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.checkAll(), this.config.nodeHealthIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.agents.closeAll();
  }

  /** Registers an agent; it must answer GetNodeInfo with the credential. */
  async register(caller: Principal | null, dto: RegisterNodeDto): Promise<NodeDto> {
    if (caller) requireRole(caller, 'platform_admin');
    if (await this.prisma.client.node.findUnique({ where: { name: dto.name } })) {
      throw new ApiError('already_exists', `name: a node named ${dto.name} already exists`, 'name');
    }
    const id = newId('node');
    let info: NodeInfo__Output;
    try {
      info = await this.agents
        .get({ id, address: dto.address, credential: dto.credential })
        .getNodeInfo(5000);
    } catch (err) {
      this.agents.forget(id);
      throw new ApiError(
        'invalid_argument',
        `address: the agent at ${dto.address} did not answer: ${(err as Error).message}`,
        'address',
      );
    }
    const node = await this.prisma.client.node.create({
      data: {
        id,
        name: dto.name,
        address: dto.address,
        credential: this.secrets.seal(dto.credential),
        ...infoFields(info),
      },
    });
    return toNodeDto(node);
  }

  /** Registers or refreshes the all-in-one agent under a fixed name. */
  async ensureLocal(name: string, address: string, credential: string): Promise<Node> {
    const existing = await this.prisma.client.node.findUnique({ where: { name } });
    if (existing) {
      const node = await this.prisma.client.node.update({
        where: { id: existing.id },
        data: { address, credential: this.secrets.seal(credential) },
      });
      await this.check(node);
      return node;
    }
    await this.register(null, { name, address, credential });
    return this.prisma.client.node.findUniqueOrThrow({ where: { name } });
  }

  async list(caller: Principal, query: { limit?: number; pageToken?: string }): Promise<Page<NodeDto>> {
    requireRole(caller, 'platform_admin');
    const { limit, ...args } = pageArgs(query);
    const rows = await this.prisma.client.node.findMany(args);
    const counts = await this.prisma.client.datastore.groupBy({
      by: ['nodeId'],
      where: { status: { not: 'deleted' }, nodeId: { in: rows.map((r) => r.id) } },
      _count: { _all: true },
    });
    const byNode = new Map(counts.map((c) => [c.nodeId, c._count._all]));
    return toPage(rows, limit, (n) => toNodeDto(n, byNode.get(n.id) ?? 0));
  }

  async get(caller: Principal, id: string): Promise<NodeDto> {
    requireRole(caller, 'platform_admin');
    const node = await this.prisma.client.node.findUnique({ where: { id } });
    if (!node) throw notFound('node', id);
    const count = await this.prisma.client.datastore.count({
      where: { nodeId: id, status: { not: 'deleted' } },
    });
    return toNodeDto(node, count);
  }

  /** A draining node gets no new datastores; its datastores keep running. */
  async setDraining(caller: Principal, id: string, draining: boolean): Promise<NodeDto> {
    requireRole(caller, 'platform_admin');
    const node = await this.prisma.client.node.findUnique({ where: { id } });
    if (!node) throw notFound('node', id);
    await this.prisma.client.node.update({ where: { id }, data: { draining } });
    return this.get(caller, id);
  }

  async remove(caller: Principal, id: string): Promise<NodeDto> {
    requireRole(caller, 'platform_admin');
    const node = await this.get(caller, id);
    if (node.datastoreCount > 0) {
      throw new ApiError('conflict', `node ${id} still holds ${node.datastoreCount} datastores`);
    }
    await this.prisma.client.datastore.updateMany({ where: { nodeId: id }, data: { nodeId: null } });
    await this.prisma.client.node.delete({ where: { id } });
    this.agents.forget(id);
    return node;
  }

  async checkAll(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const nodes = await this.prisma.client.node.findMany();
      await Promise.allSettled(nodes.map((n) => this.check(n)));
    } catch (err) {
      this.logger.error(`health check: ${(err as Error).message}`);
    } finally {
      this.checking = false;
    }
  }

  async check(node: Node): Promise<void> {
    try {
      const info = await this.agents
        .get({ id: node.id, address: node.address, credential: node.credential })
        .getNodeInfo(this.config.nodeHealthTimeoutMs);
      await this.prisma.client.node.update({ where: { id: node.id }, data: infoFields(info) });
      if (node.health !== 'healthy') this.logger.log(`node ${node.name} is healthy`);
    } catch (err) {
      const message = (err as Error).message;
      await this.prisma.client.node.update({
        where: { id: node.id },
        data: { health: 'unhealthy', lastError: message },
      });
      if (node.health !== 'unhealthy') this.logger.warn(`node ${node.name} is unhealthy: ${message}`);
    }
  }
}
