// API keys: created for a tenant with a role, shown once, stored as a SHA-256 hash, revocable.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ApiKey } from '@strata/prisma';
import {
  canChange,
  canSee,
  isPlatformAdmin,
  requireRole,
  type Principal,
  type Role,
} from '../common/auth/principal';
import { ApiError, forbidden, invalid, notFound } from '../common/errors';
import { newId, randomSecret } from '../common/ids';
import { pageArgs, toPage, type Page } from '../common/pagination';
import { PrismaService } from '../database/prisma.service';
import type { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

const SECRET_PREFIX = 'strata_';
/** Authentication results are cached this long; a revocation in this process clears the cache. */
const CACHE_MS = 2000;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function toApiKeyDto(key: ApiKey): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    role: key.role as Role,
    tenantId: key.tenantId,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ApiKeysService {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(private readonly prisma: PrismaService) {}

  async create(caller: Principal, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    requireRole(caller, 'platform_admin', 'tenant_admin');
    let tenantId: string | null = dto.tenantId ?? null;
    if (dto.role === 'platform_admin') {
      if (!isPlatformAdmin(caller)) throw forbidden('only platform admins may create platform admin keys');
      tenantId = null;
    } else {
      if (!isPlatformAdmin(caller)) tenantId = tenantId ?? caller.tenantId;
      if (!tenantId) throw invalid('tenantId', 'is required for tenant roles');
      if (!canChange(caller, tenantId)) throw notFound('tenant', tenantId);
      const tenant = await this.prisma.client.tenant.findUnique({ where: { id: tenantId } });
      if (!tenant) throw notFound('tenant', tenantId);
    }
    return this.insert(dto.name, dto.role, tenantId);
  }

  private async insert(
    name: string,
    role: Role,
    tenantId: string | null,
    secret?: string,
  ): Promise<CreatedApiKeyDto> {
    const value = secret ?? `${SECRET_PREFIX}${randomSecret(40)}`;
    const key = await this.prisma.client.apiKey.create({
      data: {
        id: newId('key'),
        name,
        role,
        tenantId,
        secretHash: hashSecret(value),
        prefix: value.slice(0, 12),
      },
    });
    return { ...toApiKeyDto(key), secret: value };
  }

  async list(caller: Principal, query: { limit?: number; pageToken?: string }): Promise<Page<ApiKeyDto>> {
    requireRole(caller, 'platform_admin', 'tenant_admin');
    const { limit, where, ...args } = pageArgs(query);
    const scope = isPlatformAdmin(caller) ? {} : { tenantId: caller.tenantId };
    const rows = await this.prisma.client.apiKey.findMany({ ...args, where: { ...where, ...scope } });
    return toPage(rows, limit, toApiKeyDto);
  }

  async get(caller: Principal, id: string): Promise<ApiKeyDto> {
    const key = await this.prisma.client.apiKey.findUnique({ where: { id } });
    const visible =
      key &&
      (key.id === caller.apiKeyId ||
        isPlatformAdmin(caller) ||
        (caller.role === 'tenant_admin' && key.tenantId !== null && key.tenantId === caller.tenantId));
    if (!visible) throw notFound('API key', id);
    return toApiKeyDto(key);
  }

  async revoke(caller: Principal, id: string): Promise<ApiKeyDto> {
    requireRole(caller, 'platform_admin', 'tenant_admin');
    const key = await this.prisma.client.apiKey.findUnique({ where: { id } });
    if (!key || !canSee(caller, key.tenantId) || (key.tenantId === null && !isPlatformAdmin(caller))) {
      throw notFound('API key', id);
    }
    if (!canChange(caller, key.tenantId)) throw forbidden();
    if (key.id === caller.apiKeyId) throw new ApiError('conflict', 'an API key cannot revoke itself');
    const revoked = key.revokedAt
      ? key
      : await this.prisma.client.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    this.cache.clear();
    return toApiKeyDto(revoked);
  }

  /** The principal of a secret, or null when it is unknown or revoked. */
  async authenticate(secret: string): Promise<Principal | null> {
    const hash = hashSecret(secret);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.principal;
    const key = await this.prisma.client.apiKey.findUnique({ where: { secretHash: hash } });
    const principal: Principal | null =
      key && !key.revokedAt ? { apiKeyId: key.id, role: key.role as Role, tenantId: key.tenantId } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, until: now + CACHE_MS });
    if (key && principal && (this.lastUsedWritten.get(key.id) ?? 0) < now - 60_000) {
      this.lastUsedWritten.set(key.id, now);
      await this.prisma.client.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } });
    }
    return principal;
  }

  /**
   * Makes sure a platform admin key exists at boot. With a bootstrap token, that token is a valid
   * platform admin key (created when missing). Without one, a key is created only when no platform
   * admin key exists yet. Returns the secret when this call created the key (it is shown once).
   */
  async ensureBootstrapKey(token: string | null): Promise<{ secret: string | null; created: boolean }> {
    if (token) {
      const existing = await this.prisma.client.apiKey.findUnique({
        where: { secretHash: hashSecret(token) },
      });
      if (existing) {
        if (existing.revokedAt || existing.role !== 'platform_admin') {
          throw new Error(
            'STRATA_BOOTSTRAP_TOKEN names a revoked or non-admin API key; choose another token',
          );
        }
        return { secret: token, created: false };
      }
      await this.insert('bootstrap', 'platform_admin', null, token);
      return { secret: token, created: true };
    }
    const admins = await this.prisma.client.apiKey.count({
      where: { role: 'platform_admin', revokedAt: null },
    });
    if (admins > 0) return { secret: null, created: false };
    const key = await this.insert('bootstrap', 'platform_admin', null);
    return { secret: key.secret, created: true };
  }
}
