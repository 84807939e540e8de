// Datastores: the desired state (memory, eviction policy, tiering overrides, password rotation,
// deletion) is stored with a generation; each change returns an operation and wakes the reconciler,
// which drives the node agent to it.
import { Injectable } from '@nestjs/common';
import type { Datastore, Node, Prisma } from '@strata/prisma';
import { toTieringSettings } from '@strata/proto';
import { canChange, canSee, isPlatformAdmin, tenantScope, type Principal } from '../common/auth/principal';
import { checkIfMatch, etagOf } from '../common/etag';
import { ApiError, invalid, notFound } from '../common/errors';
import { newId, randomSecret } from '../common/ids';
import { SecretBox } from '../common/secret-box';
import { pageArgs, toPage, type Page } from '../common/pagination';
import { cleanTiering, effectiveTiering, parseTiering, type TieringSettingsDto } from '../common/tiering.dto';
import { PrismaService } from '../database/prisma.service';
import { OperationsService, toOperationDto } from '../operations/operations.service';
import type { OperationKind } from '../operations/dto/operation.dto';
import { ReconcilerService } from '../reconciler/reconciler.service';
import { traced } from '../telemetry/telemetry';
import {
  MAX_MEMORY,
  MIN_MEMORY,
  parseSize,
  type CreateDatastoreDto,
  type DatastoreDto,
  type DatastoreOperationDto,
  type DatastoreStatus,
  type UpdateDatastoreDto,
} from './dto/datastore.dto';

type DatastoreWithRelations = Datastore & { node: Node | null; tenant: { tiering: string } };

export function toDatastoreDto(
  d: DatastoreWithRelations,
  caller: Principal,
  secrets: SecretBox,
): DatastoreDto {
  const endpoint = d.host && d.port ? { host: d.host, port: d.port } : null;
  const showPassword = caller.role !== 'tenant_viewer';
  return {
    id: d.id,
    tenantId: d.tenantId,
    name: d.name,
    memoryBytes: Number(d.memoryBytes),
    evictionPolicy: d.evictionPolicy,
    tiering: parseTiering(d.tiering),
    effectiveTiering: toTieringSettings(effectiveTiering(d.tenant.tiering, d.tiering)) as TieringSettingsDto,
    status: d.status as DatastoreStatus,
    statusReason: d.statusReason,
    endpoint,
    nodeId: d.nodeId,
    nodeHealthy: d.node ? d.node.health === 'healthy' : null,
    password: showPassword && d.status !== 'deleted' ? secrets.open(d.password) : null,
    connect: endpoint ? `redis-cli -h ${endpoint.host} -p ${endpoint.port} --user default --askpass` : '',
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    deletedAt: d.deletedAt?.toISOString() ?? null,
    etag: etagOf(d.version),
  };
}

function memoryOf(dto: { memoryBytes?: number; memory?: string }): number | undefined {
  if (dto.memoryBytes !== undefined && dto.memory !== undefined) {
    throw invalid('memory', 'give memoryBytes or memory, not both');
  }
  if (dto.memory === undefined) return dto.memoryBytes;
  const bytes = parseSize(dto.memory);
  if (bytes === null) throw invalid('memory', 'must be a size such as 256mb or 2gb');
  if (bytes < MIN_MEMORY || bytes > MAX_MEMORY)
    throw invalid('memory', `must be at least 1mb, got ${dto.memory}`);
  return bytes;
}

const INCLUDE = { node: true, tenant: { select: { tiering: true } } } as const;

@Injectable()
export class DatastoresService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly operations: OperationsService,
    private readonly reconciler: ReconcilerService,
    private readonly secrets: SecretBox,
  ) {}

  async create(caller: Principal, dto: CreateDatastoreDto): Promise<DatastoreOperationDto> {
    return traced('datastores.create', { 'strata.datastore.name': dto.name }, async (span) => {
      const tenantId = tenantScope(caller, dto.tenantId);
      if (!tenantId) throw invalid('tenantId', 'is required for platform admin keys');
      if (!canChange(caller, tenantId))
        throw new ApiError('permission_denied', 'this API key may not create datastores');
      const memoryBytes = memoryOf(dto);
      if (memoryBytes === undefined)
        throw invalid('memoryBytes', 'is required (or memory, as a size such as 256mb)');
      const tenant = await this.prisma.client.tenant.findUnique({ where: { id: tenantId } });
      if (!tenant) throw notFound('tenant', tenantId);
      const taken = await this.prisma.client.datastore.findFirst({ where: { tenantId, liveName: dto.name } });
      if (taken)
        throw new ApiError(
          'already_exists',
          `name: the tenant already has a datastore named ${dto.name}`,
          'name',
        );
      const id = newId('ds');
      span.setAttribute('strata.datastore.id', id);
      const result = await this.prisma.client.$transaction(async (tx) => {
        const datastore = await tx.datastore.create({
          data: {
            id,
            tenantId,
            name: dto.name,
            liveName: dto.name,
            memoryBytes: BigInt(memoryBytes),
            evictionPolicy: dto.evictionPolicy ?? 'noeviction',
            tiering: JSON.stringify(cleanTiering(dto.tiering)),
            status: 'creating',
            password: this.secrets.seal(randomSecret(32)),
          },
          include: INCLUDE,
        });
        const op = await this.operations.create(tx, 'create_datastore', { type: 'datastore', id }, tenantId, {
          [id]: datastore.generation,
        });
        return { datastore: toDatastoreDto(datastore, caller, this.secrets), operation: toOperationDto(op) };
      });
      this.reconciler.kick(id);
      return result;
    });
  }

  private async find(caller: Principal, id: string): Promise<DatastoreWithRelations> {
    const d = await this.prisma.client.datastore.findUnique({ where: { id }, include: INCLUDE });
    if (!d || !canSee(caller, d.tenantId)) throw notFound('datastore', id);
    return d;
  }

  async get(caller: Principal, id: string): Promise<DatastoreDto> {
    return toDatastoreDto(await this.find(caller, id), caller, this.secrets);
  }

  async list(
    caller: Principal,
    query: {
      limit?: number;
      pageToken?: string;
      tenantId?: string;
      includeDeleted?: boolean;
      status?: string;
    },
  ): Promise<Page<DatastoreDto>> {
    const tenantId = isPlatformAdmin(caller) ? query.tenantId : tenantScope(caller, query.tenantId);
    const { limit, where, ...args } = pageArgs(query);
    const rows = await this.prisma.client.datastore.findMany({
      ...args,
      where: {
        ...where,
        ...(tenantId ? { tenantId } : {}),
        ...(query.status
          ? { status: query.status }
          : query.includeDeleted
            ? {}
            : { status: { not: 'deleted' } }),
      },
      include: INCLUDE,
    });
    return toPage(rows, limit, (d) => toDatastoreDto(d, caller, this.secrets));
  }

  /** Applies a change of the desired state: bumps the generation and returns the operation. */
  private async change(
    caller: Principal,
    id: string,
    ifMatch: string | undefined,
    kind: OperationKind,
    data: (d: DatastoreWithRelations) => Prisma.DatastoreUpdateInput,
  ): Promise<DatastoreOperationDto> {
    return traced(`datastores.${kind}`, { 'strata.datastore.id': id }, async () => {
      const current = await this.find(caller, id);
      if (!canChange(caller, current.tenantId))
        throw new ApiError('permission_denied', 'this API key may not change datastores');
      checkIfMatch(ifMatch, current.version);
      // A failed deletion may be asked for again: that is a new attempt (the normal path below).
      const retryingDelete = kind === 'delete_datastore' && current.status === 'failed';
      if (current.deleteRequested && !retryingDelete) {
        if (kind === 'delete_datastore') {
          // Deleting again is not an error: return the operation still in charge or a finished one.
          return this.prisma.client.$transaction(async (tx) => {
            const op = await this.operations.create(tx, kind, { type: 'datastore', id }, current.tenantId, {
              [id]: current.generation,
            });
            return {
              datastore: toDatastoreDto(current, caller, this.secrets),
              operation: toOperationDto(op),
            };
          });
        }
        throw new ApiError('conflict', `datastore ${id} is ${current.status}`);
      }
      const result = await this.prisma.client.$transaction(async (tx) => {
        const updated = await tx.datastore.update({
          where: { id, version: current.version },
          data: {
            ...data(current),
            generation: { increment: 1 },
            version: { increment: 1 },
            attempts: 0,
            nextAttemptAt: null,
          },
          include: INCLUDE,
        });
        const op = await this.operations.create(tx, kind, { type: 'datastore', id }, current.tenantId, {
          [id]: updated.generation,
        });
        return { datastore: toDatastoreDto(updated, caller, this.secrets), operation: toOperationDto(op) };
      });
      this.reconciler.kick(id);
      return result;
    });
  }

  update(
    caller: Principal,
    id: string,
    dto: UpdateDatastoreDto,
    ifMatch?: string,
  ): Promise<DatastoreOperationDto> {
    const memoryBytes = memoryOf(dto);
    if (memoryBytes === undefined && dto.evictionPolicy === undefined && dto.tiering === undefined) {
      throw invalid('body', 'nothing to change: give memoryBytes, memory, evictionPolicy or tiering');
    }
    return this.change(caller, id, ifMatch, 'update_datastore', (d) => ({
      ...(memoryBytes !== undefined ? { memoryBytes: BigInt(memoryBytes) } : {}),
      ...(dto.evictionPolicy !== undefined ? { evictionPolicy: dto.evictionPolicy } : {}),
      ...(dto.tiering !== undefined ? { tiering: JSON.stringify(cleanTiering(dto.tiering)) } : {}),
      status: d.status === 'creating' ? 'creating' : 'updating',
    }));
  }

  rotatePassword(caller: Principal, id: string): Promise<DatastoreOperationDto> {
    return this.change(caller, id, undefined, 'rotate_password', (d) => ({
      rotatePassword: true,
      status: d.status === 'creating' ? 'creating' : 'updating',
    }));
  }

  remove(caller: Principal, id: string, ifMatch?: string): Promise<DatastoreOperationDto> {
    return this.change(caller, id, ifMatch, 'delete_datastore', () => ({
      deleteRequested: true,
      status: 'deleting',
      statusReason: '',
    }));
  }
}
