// Who is calling: the API key, its role and its tenant. Roles:
// - platform_admin: everything, every tenant, nodes;
// - tenant_admin: read and change its own tenant's resources, create keys for it;
// - tenant_viewer: read its own tenant's resources (no passwords).
import { ApiError, forbidden } from '../errors';

export const ROLES = ['platform_admin', 'tenant_admin', 'tenant_viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  apiKeyId: string;
  role: Role;
  /** Null for platform admin keys that belong to no tenant. */
  tenantId: string | null;
}

export function isPlatformAdmin(p: Principal): boolean {
  return p.role === 'platform_admin';
}

/** Refuses unless the principal has one of the roles. */
export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!roles.includes(p.role)) throw forbidden(`this API key's role (${p.role}) may not do that`);
}

/**
 * The tenant a request acts on. Platform admins name it (or act on every tenant with null when
 * allowed); tenant keys always act on their own tenant, and naming another one is refused.
 */
export function tenantScope(p: Principal, requested: string | undefined | null): string | null {
  if (isPlatformAdmin(p)) return requested || null;
  if (requested && requested !== p.tenantId) {
    // Said as "not found" so a key learns nothing about other tenants.
    throw new ApiError('not_found', `tenant ${requested} not found`);
  }
  return p.tenantId;
}

/** Whether the principal may see a resource of the tenant. */
export function canSee(p: Principal, tenantId: string | null): boolean {
  return isPlatformAdmin(p) || (tenantId !== null && tenantId === p.tenantId);
}

/** Whether the principal may change a resource of the tenant. */
export function canChange(p: Principal, tenantId: string | null): boolean {
  return isPlatformAdmin(p) || (p.role === 'tenant_admin' && tenantId !== null && tenantId === p.tenantId);
}
