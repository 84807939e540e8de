// Every request needs `Authorization: Bearer <api key>` (except routes marked @Public()); the key's
// rate limit is applied here too, so a refused request costs no further work.
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import { ApiError } from '../errors';
import { PUBLIC_KEY } from './decorators';
import type { Principal } from './principal';
import { RateLimiter } from './rate-limiter';

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match ? match[1] : null;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (isPublic) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = ctx.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>();
    const principal = await this.authenticate(req.headers.authorization);
    const decision = this.limiter.take(principal.apiKeyId);
    res.setHeader('X-RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      throw new ApiError('rate_limited', 'rate limit of this API key exceeded; retry later', undefined, {
        'Retry-After': String(decision.retryAfterSeconds),
      });
    }
    req.principal = principal;
    return true;
  }

  async authenticate(header: string | string[] | undefined): Promise<Principal> {
    const token = bearerToken(header);
    if (!token) throw new ApiError('unauthenticated', 'missing header "Authorization: Bearer <api key>"');
    const principal = await this.apiKeys.authenticate(token);
    if (!principal) throw new ApiError('unauthenticated', 'unknown or revoked API key');
    return principal;
  }
}
