// Records every authenticated change (POST, PATCH, PUT, DELETE) in the audit log, with its result.
// The action and target type come from @Audited() on the handler.
import {
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import type { Principal } from '../common/auth/principal';
import { toApiError } from '../common/http-exception.filter';
import { AuditService } from './audit.service';

const AUDIT_KEY = 'strata:audit';

/** Names the action ("datastore.create") and the target type ("datastore") of a handler. */
export const Audited = (action: string, targetType: string) => SetMetadata(AUDIT_KEY, { action, targetType });

function targetOf(body: unknown): { id?: string; tenantId?: string | null } {
  if (!body || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  for (const inner of ['datastore', 'tenant', 'node']) {
    const value = b[inner] as { id?: string; tenantId?: string } | undefined;
    if (value && typeof value === 'object' && value.id)
      return { id: value.id, tenantId: value.tenantId ?? (inner === 'tenant' ? value.id : undefined) };
  }
  return {
    id: typeof b.id === 'string' ? b.id : undefined,
    tenantId: typeof b.tenantId === 'string' ? b.tenantId : undefined,
  };
}

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<{
      method: string;
      principal?: Principal;
      params: Record<string, string>;
      route?: { path?: string };
    }>();
    if (req.method === 'GET' || req.method === 'HEAD' || !req.principal) return next.handle();
    const meta = this.reflector.get<{ action: string; targetType: string } | undefined>(
      AUDIT_KEY,
      ctx.getHandler(),
    );
    const action = meta?.action ?? `${req.method} ${req.route?.path ?? ''}`;
    const principal = req.principal;
    const res = ctx.switchToHttp().getResponse<{ statusCode: number }>();
    return next.handle().pipe(
      mergeMap((body) => {
        const target = targetOf(body);
        return from(
          this.audit
            .record({
              principal,
              action,
              targetType: meta?.targetType,
              targetId: req.params.id ?? target.id,
              // A tenant's own entries belong to it, so its admins see changes made to it.
              tenantId:
                meta?.targetType === 'tenant' ? (req.params.id ?? target.id) : (target.tenantId ?? undefined),
              ok: true,
              statusCode: res.statusCode,
            })
            .then(() => body),
        );
      }),
      catchError((err: unknown) => {
        const apiError = toApiError(err);
        return from(
          this.audit.record({
            principal,
            action,
            targetType: meta?.targetType,
            targetId: req.params.id,
            tenantId: meta?.targetType === 'tenant' && req.params.id ? req.params.id : undefined,
            ok: false,
            statusCode: apiError.httpStatus,
            detail: apiError.message,
          }),
        ).pipe(mergeMap(() => throwError(() => err)));
      }),
    );
  }
}
