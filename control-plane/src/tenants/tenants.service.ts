// Tenants and their tiering defaults. Changing the defaults bumps the generation of every live
// datastore of the tenant whose effective settings change; the reconciler applies them live and
// the returned operation completes when all are applied.
import { Injectable } from '@nestjs/common';
import type { Tenant } from '@strata/prisma';
import { sameTiering, toTieringSettings } from '@strata/proto';
import { canChange, canSee, isPlatformAdmin, requireRole, type Principal } from '../common/auth/principal';
import { checkIfMatch, etagOf } from '../common/etag';
import { ApiError, notFound } from '../common/errors';
import { newId } from '../common/ids';
import { pageArgs, toPage, type Page } from '../common/pagination';
import { cleanTiering, effectiveTiering, parseTiering, type TieringSettingsDto } from '../common/tiering.dto';
import { PrismaService } from '../database/prisma.service';
import { OperationsService, toOperationDto, type WaitFor } from '../operations/operations.service';
import { traced } from '../telemetry/telemetry';
import type { CreateTenantDto, TenantDto, TenantOperationDto, UpdateTenantDto } from './dto/tenant.dto';

export function toTenantDto(t: Tenant): TenantDto {
  return {
    id: t.id,
    name: t.name,
    tiering: parseTiering(t.tiering),
    effectiveTiering: toTieringSettings(effectiveTiering(t.tiering)) as TieringSettingsDto,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    etag: etagOf(t.version),
  };
}

@Injectable()
export class TenantsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly operations: OperationsService,
  ) {}

  async create(caller: Principal, dto: CreateTenantDto): Promise<TenantDto> {
    requireRole(caller, 'platform_admin');
    return traced('tenants.create', {}, async () => {
      const existing = await this.prisma.client.tenant.findUnique({ where: { name: dto.name } });
      if (existing)
        throw new ApiError('already_exists', `name: a tenant named ${dto.name} already exists`, 'name');
      const tenant = await this.prisma.client.tenant.create({
        data: { id: newId('ten'), name: dto.name, tiering: JSON.stringify(cleanTiering(dto.tiering)) },
      });
      return toTenantDto(tenant);
    });
  }

  async find(caller: Principal, id: string): Promise<Tenant> {
    const tenant = await this.prisma.client.tenant.findUnique({ where: { id } });
    if (!tenant || !canSee(caller, tenant.id)) throw notFound('tenant', id);
    return tenant;
  }

  async get(caller: Principal, id: string): Promise<TenantDto> {
    return toTenantDto(await this.find(caller, id));
  }

  async list(caller: Principal, query: { limit?: number; pageToken?: string }): Promise<Page<TenantDto>> {
    const { limit, where, ...args } = pageArgs(query);
    const scope = isPlatformAdmin(caller) ? {} : { id: caller.tenantId ?? '' };
    const rows = await this.prisma.client.tenant.findMany({ ...args, where: { ...where, ...scope } });
    return toPage(rows, limit, toTenantDto);
  }

  async update(
    caller: Principal,
    id: string,
    dto: UpdateTenantDto,
    ifMatch?: string,
  ): Promise<TenantOperationDto> {
    return traced('tenants.update', { 'strata.tenant.id': id }, async () => {
      const tenant = await this.find(caller, id);
      if (!canChange(caller, tenant.id))
        throw new ApiError('permission_denied', 'this API key may not change the tenant');
      checkIfMatch(ifMatch, tenant.version);
      const tiering = JSON.stringify(cleanTiering(dto.tiering));
      return this.prisma.client.$transaction(async (tx) => {
        const updated = await tx.tenant.update({
          where: { id, version: tenant.version },
          data: { tiering, version: { increment: 1 } },
        });
        const datastores = await tx.datastore.findMany({ where: { tenantId: id, deleteRequested: false } });
        const waitFor: WaitFor = {};
        for (const d of datastores) {
          const before = effectiveTiering(tenant.tiering, d.tiering);
          const after = effectiveTiering(tiering, d.tiering);
          if (sameTiering(before, after)) continue;
          const bumped = await tx.datastore.update({
            where: { id: d.id },
            data: {
              generation: { increment: 1 },
              version: { increment: 1 },
              status: d.status === 'active' ? 'updating' : d.status === 'failed' ? 'updating' : d.status,
              attempts: 0,
              nextAttemptAt: null,
            },
          });
          waitFor[d.id] = bumped.generation;
        }
        const op = await this.operations.create(tx, 'update_tenant', { type: 'tenant', id }, id, waitFor);
        return { tenant: toTenantDto(updated), operation: toOperationDto(op) };
      });
    });
  }

  async remove(caller: Principal, id: string, ifMatch?: string): Promise<TenantDto> {
    requireRole(caller, 'platform_admin');
    const tenant = await this.find(caller, id);
    checkIfMatch(ifMatch, tenant.version);
    const live = await this.prisma.client.datastore.count({
      where: { tenantId: id, status: { not: 'deleted' } },
    });
    if (live > 0)
      throw new ApiError('conflict', `tenant ${id} still has ${live} datastores; delete them first`);
    await this.prisma.client.tenant.delete({ where: { id } });
    return toTenantDto(tenant);
  }
}
