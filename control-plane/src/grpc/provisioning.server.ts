// The gRPC provisioning API (strata.v1.Provisioning, proto/strata/v1/provisioning.proto): the same
// services, rules and errors as the REST API. Each call authenticates the `authorization` metadata,
// applies the key's rate limit, validates the request with the REST DTOs (so errors name the same
// fields), honours `idempotency-key` on creates and writes the audit log.
import { createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { addReflection, HealthService, loadProtos } from '@strata/proto';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuditService } from '../audit/audit.service';
import { bearerToken } from '../common/auth/auth.guard';
import type { Principal } from '../common/auth/principal';
import { RateLimiter } from '../common/auth/rate-limiter';
import { ApiError, ERROR_CODES } from '../common/errors';
import { toApiError } from '../common/http-exception.filter';
import { newId } from '../common/ids';
import { validationError } from '../common/validation';
import { PrismaService } from '../database/prisma.service';
import { DatastoresService } from '../datastores/datastores.service';
import { CreateDatastoreDto, UpdateDatastoreDto, type DatastoreDto } from '../datastores/dto/datastore.dto';
import { NodesService } from '../nodes/nodes.service';
import type { NodeDto } from '../nodes/dto/node.dto';
import type { OperationDto } from '../operations/dto/operation.dto';
import { OperationsService } from '../operations/operations.service';
import { CreateTenantDto, UpdateTenantDto, type TenantDto } from '../tenants/dto/tenant.dto';
import { TenantsService } from '../tenants/tenants.service';

export interface ProvisioningDeps {
  prisma: PrismaService;
  apiKeys: ApiKeysService;
  limiter: RateLimiter;
  audit: AuditService;
  tenants: TenantsService;
  datastores: DatastoresService;
  operations: OperationsService;
  nodes: NodesService;
}

type Plain = Record<string, unknown>;

/** Empty strings, zeros of absent scalars and null messages become absent, as in the REST JSON. */
function present<T extends Plain>(message: T, keys: (keyof T)[]): Plain {
  const out: Plain = {};
  for (const key of keys) {
    const value = message[key];
    if (value === undefined || value === null || value === '' || value === 0) continue;
    out[key as string] = value;
  }
  return out;
}

async function validated<T extends object>(cls: new () => T, plain: Plain): Promise<T> {
  const instance = plainToInstance(cls, plain);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw validationError(errors);
  return instance;
}

const ms = (iso: string | null) => (iso ? Date.parse(iso) : 0);

function tenantMessage(t: TenantDto) {
  return {
    id: t.id,
    name: t.name,
    tiering: t.tiering,
    createdAtMs: ms(t.createdAt),
    updatedAtMs: ms(t.updatedAt),
    etag: t.etag,
  };
}

function datastoreMessage(d: DatastoreDto) {
  return {
    id: d.id,
    tenantId: d.tenantId,
    name: d.name,
    memoryBytes: d.memoryBytes,
    evictionPolicy: d.evictionPolicy,
    tiering: d.tiering,
    effectiveTiering: d.effectiveTiering,
    status: `DATASTORE_STATUS_${d.status.toUpperCase()}`,
    statusReason: d.statusReason,
    host: d.endpoint?.host ?? '',
    port: d.endpoint?.port ?? 0,
    nodeId: d.nodeId ?? '',
    nodeHealthy: d.nodeHealthy ?? false,
    password: d.password ?? '',
    createdAtMs: ms(d.createdAt),
    updatedAtMs: ms(d.updatedAt),
    etag: d.etag,
  };
}

function operationMessage(o: OperationDto) {
  return {
    id: o.id,
    kind: o.kind,
    targetType: o.targetType,
    targetId: o.targetId,
    status: o.status,
    done: o.done,
    error: o.error,
    createdAtMs: ms(o.createdAt),
    updatedAtMs: ms(o.updatedAt),
  };
}

function nodeMessage(n: NodeDto) {
  return {
    id: n.id,
    name: n.name,
    address: n.address,
    advertiseHost: n.advertiseHost,
    status: n.draining ? 'draining' : n.health,
    draining: n.draining,
    memoryBudgetBytes: n.memoryBudgetBytes,
    memoryFreeBytes: n.memoryFreeBytes,
    diskCapacityBytes: n.diskCapacityBytes,
    diskFreeBytes: n.diskFreeBytes,
    instanceCount: n.instanceCount,
    lastSeenAtMs: ms(n.lastSeenAt),
    lastError: n.lastError,
  };
}

function pageQuery(req: { pageSize?: number; pageToken?: string }) {
  return {
    limit: req.pageSize ? Math.min(200, req.pageSize) : undefined,
    pageToken: req.pageToken || undefined,
  };
}

export class ProvisioningServer {
  private readonly logger = new Logger('grpc');
  private readonly server = new grpc.Server();
  private readonly health = new HealthService({ '': 'SERVING', 'strata.v1.Provisioning': 'SERVING' });
  port = 0;

  constructor(private readonly deps: ProvisioningDeps) {
    const d = deps;
    this.server.addService(loadProtos().strata.v1.Provisioning.service, {
      CreateTenant: this.unary('tenant.create', 'tenant', async (p, req: Plain, key) =>
        this.idempotent(p, key, 'CreateTenant', req, async () => {
          const dto = await validated(CreateTenantDto, present(req, ['name', 'tiering']));
          return tenantMessage(await d.tenants.create(p, dto));
        }),
      ),
      GetTenant: this.unary(null, 'tenant', async (p, req: { id: string }) =>
        tenantMessage(await d.tenants.get(p, req.id)),
      ),
      ListTenants: this.unary(null, 'tenant', async (p, req: { pageSize?: number; pageToken?: string }) => {
        const page = await d.tenants.list(p, pageQuery(req));
        return { tenants: page.items.map(tenantMessage), nextPageToken: page.nextPageToken ?? '' };
      }),
      UpdateTenant: this.unary(
        'tenant.update',
        'tenant',
        async (p, req: { id: string; tiering: unknown; etag: string }) => {
          const dto = await validated(UpdateTenantDto, { tiering: req.tiering ?? {} });
          const result = await d.tenants.update(p, req.id, dto, req.etag || undefined);
          return { tenant: tenantMessage(result.tenant), operation: operationMessage(result.operation) };
        },
      ),
      CreateDatastore: this.unary('datastore.create', 'datastore', async (p, req: Plain, key) =>
        this.idempotent(p, key, 'CreateDatastore', req, async () => {
          const dto = await validated(
            CreateDatastoreDto,
            present(req, ['tenantId', 'name', 'memoryBytes', 'evictionPolicy', 'tiering']),
          );
          const result = await d.datastores.create(p, dto);
          return {
            datastore: datastoreMessage(result.datastore),
            operation: operationMessage(result.operation),
          };
        }),
      ),
      GetDatastore: this.unary(null, 'datastore', async (p, req: { id: string }) =>
        datastoreMessage(await d.datastores.get(p, req.id)),
      ),
      ListDatastores: this.unary(
        null,
        'datastore',
        async (p, req: { pageSize?: number; pageToken?: string; tenantId?: string }) => {
          const page = await d.datastores.list(p, { ...pageQuery(req), tenantId: req.tenantId || undefined });
          return { datastores: page.items.map(datastoreMessage), nextPageToken: page.nextPageToken ?? '' };
        },
      ),
      UpdateDatastore: this.unary(
        'datastore.update',
        'datastore',
        async (p, req: Plain & { id: string; etag: string }) => {
          const dto = await validated(
            UpdateDatastoreDto,
            present(req, ['memoryBytes', 'evictionPolicy', 'tiering']),
          );
          const result = await d.datastores.update(p, req.id, dto, req.etag || undefined);
          return {
            datastore: datastoreMessage(result.datastore),
            operation: operationMessage(result.operation),
          };
        },
      ),
      DeleteDatastore: this.unary(
        'datastore.delete',
        'datastore',
        async (p, req: { id: string; etag: string }) => {
          const result = await d.datastores.remove(p, req.id, req.etag || undefined);
          return {
            datastore: datastoreMessage(result.datastore),
            operation: operationMessage(result.operation),
          };
        },
      ),
      RotateDatastorePassword: this.unary(
        'datastore.rotate_password',
        'datastore',
        async (p, req: { id: string }) => {
          const result = await d.datastores.rotatePassword(p, req.id);
          return {
            datastore: datastoreMessage(result.datastore),
            operation: operationMessage(result.operation),
          };
        },
      ),
      GetOperation: this.unary(null, 'operation', async (p, req: { id: string }) =>
        operationMessage(await d.operations.get(p, req.id)),
      ),
      ListNodes: this.unary(null, 'node', async (p) => {
        const page = await d.nodes.list(p, { limit: 200 });
        return { nodes: page.items.map(nodeMessage) };
      }),
    });
    this.health.addToServer(this.server);
    addReflection(this.server);
  }

  /** A unary handler: authentication, rate limit, errors as gRPC statuses, audit of changes. */
  private unary<Req, Res>(
    action: string | null,
    targetType: string,
    fn: (principal: Principal, req: Req, idempotencyKey: string | undefined) => Promise<Res>,
  ): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      void (async () => {
        let principal: Principal | null = null;
        try {
          const token = bearerToken(call.metadata.get('authorization').map(String));
          if (!token)
            throw new ApiError('unauthenticated', 'missing metadata "authorization: Bearer <api key>"');
          principal = await this.deps.apiKeys.authenticate(token);
          if (!principal) throw new ApiError('unauthenticated', 'unknown or revoked API key');
          const decision = this.deps.limiter.take(principal.apiKeyId);
          if (!decision.allowed)
            throw new ApiError('rate_limited', 'rate limit of this API key exceeded; retry later');
          const key = call.metadata.get('idempotency-key')[0];
          const result = await fn(principal, call.request, key === undefined ? undefined : String(key));
          if (action) {
            const target =
              (result as {
                id?: string;
                datastore?: { id: string; tenantId: string };
                tenant?: { id: string };
              }) ?? {};
            await this.deps.audit.record({
              principal,
              action,
              targetType,
              targetId:
                target.datastore?.id ??
                target.tenant?.id ??
                target.id ??
                (call.request as { id?: string }).id,
              tenantId: target.datastore?.tenantId ?? target.tenant?.id,
              ok: true,
              statusCode: 200,
              detail: 'grpc',
            });
          }
          callback(null, result);
        } catch (err) {
          const error = toApiError(err);
          if (error.code === 'internal') this.logger.error((err as Error)?.stack ?? String(err));
          if (action && principal) {
            await this.deps.audit
              .record({
                principal,
                action,
                targetType,
                targetId: (call.request as { id?: string }).id,
                ok: false,
                statusCode: error.httpStatus,
                detail: `grpc: ${error.message}`,
              })
              .catch(() => undefined);
          }
          callback({ code: ERROR_CODES[error.code].grpc, details: error.message } as grpc.ServiceError);
        }
      })();
    };
  }

  private async idempotent<Res>(
    p: Principal,
    key: string | undefined,
    method: string,
    req: unknown,
    run: () => Promise<Res>,
  ): Promise<Res> {
    if (key === undefined) return run();
    if (key.length < 1 || key.length > 200) {
      throw new ApiError(
        'invalid_argument',
        'idempotency-key: must be 1 to 200 characters',
        'idempotency-key',
      );
    }
    const requestHash = createHash('sha256')
      .update(`grpc ${method}\n${JSON.stringify(req)}`)
      .digest('hex');
    const client = this.deps.prisma.client;
    const stored = await client.idempotencyRecord.findUnique({
      where: { apiKeyId_key: { apiKeyId: p.apiKeyId, key } },
    });
    if (stored) {
      if (stored.requestHash !== requestHash) {
        throw new ApiError(
          'idempotency_key_reused',
          'idempotency-key was already used with a different request',
          'idempotency-key',
        );
      }
      return JSON.parse(stored.responseBody) as Res;
    }
    const result = await run();
    await client.idempotencyRecord
      .create({
        data: {
          id: newId('idem'),
          apiKeyId: p.apiKeyId,
          key,
          method: 'GRPC',
          path: method,
          requestHash,
          responseStatus: 0,
          responseBody: JSON.stringify(result),
        },
      })
      .catch(() => undefined);
    return result;
  }

  async listen(host: string, port: number): Promise<number> {
    this.port = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) =>
        err ? reject(err) : resolve(bound),
      );
    });
    return this.port;
  }

  async close(): Promise<void> {
    this.health.shutdown();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, 2000);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
