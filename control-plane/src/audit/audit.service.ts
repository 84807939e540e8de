// The audit log: who (API key, role, tenant) did what (action, target), when, with what result.
// Secrets never enter it: details hold ids and error messages only.
import { Injectable } from '@nestjs/common';
import type { AuditEntry } from '@strata/prisma';
import { isPlatformAdmin, requireRole, type Principal } from '../common/auth/principal';
import { newId } from '../common/ids';
import { pageArgs, toPage, type Page } from '../common/pagination';
import { PrismaService } from '../database/prisma.service';
import { currentTraceId } from '../telemetry/telemetry';
import type { AuditEntryDto } from './dto/audit.dto';

export interface AuditRecord {
  principal: Principal | null;
  action: string;
  targetType?: string;
  targetId?: string;
  /** The tenant the target belongs to, when known (defaults to the caller's). */
  tenantId?: string | null;
  ok: boolean;
  statusCode: number;
  detail?: string;
}

export function toAuditDto(e: AuditEntry): AuditEntryDto {
  return {
    id: e.id,
    at: e.at.toISOString(),
    apiKeyId: e.apiKeyId,
    tenantId: e.tenantId,
    role: e.role,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    result: e.result as 'ok' | 'error',
    statusCode: e.statusCode,
    detail: e.detail,
    traceId: e.traceId,
  };
}

@Injectable()
export class AuditService {
  constructor(private readonly prisma: PrismaService) {}

  async record(r: AuditRecord): Promise<void> {
    await this.prisma.client.auditEntry.create({
      data: {
        id: newId('aud'),
        apiKeyId: r.principal?.apiKeyId ?? null,
        tenantId: r.tenantId !== undefined ? r.tenantId : (r.principal?.tenantId ?? null),
        role: r.principal?.role ?? '',
        action: r.action,
        targetType: r.targetType ?? '',
        targetId: r.targetId ?? '',
        result: r.ok ? 'ok' : 'error',
        statusCode: r.statusCode,
        detail: (r.detail ?? '').slice(0, 1000),
        traceId: currentTraceId(),
      },
    });
  }

  async list(
    caller: Principal,
    query: { limit?: number; pageToken?: string; tenantId?: string },
  ): Promise<Page<AuditEntryDto>> {
    requireRole(caller, 'platform_admin', 'tenant_admin');
    const { limit, where, ...args } = pageArgs(query);
    const tenantId = isPlatformAdmin(caller) ? query.tenantId : caller.tenantId;
    const rows = await this.prisma.client.auditEntry.findMany({
      ...args,
      where: { ...where, ...(tenantId ? { tenantId } : {}) },
    });
    return toPage(rows, limit, toAuditDto);
  }
}
