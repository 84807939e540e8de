// `Idempotency-Key` on POST: the first successful response is stored per (API key, idempotency
// key) and replayed for repeats of the same request (header `Idempotent-Replayed: true`); the same
// key with a different request is refused with 422. Only successes are stored, so a failed request
// can be retried with the same key. Two identical requests racing each other may both run once.
import { createHash } from 'node:crypto';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, mergeMap, of, type Observable } from 'rxjs';
import { ApiError, invalid } from '../errors';
import { newId } from '../ids';
import type { Principal } from '../auth/principal';
import { PrismaService } from '../../database/prisma.service';

interface Req {
  method: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  principal?: Principal;
}

interface Res {
  setHeader(name: string, value: string): void;
  status(code: number): void;
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly prisma: PrismaService) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<Req>();
    const res = ctx.switchToHttp().getResponse<Res>();
    const raw = req.headers['idempotency-key'];
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (req.method !== 'POST' || key === undefined || !req.principal) return next.handle();
    if (key.length < 1 || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
      throw invalid('Idempotency-Key', 'must be 1 to 200 printable characters without spaces');
    }
    const apiKeyId = req.principal.apiKeyId;
    const requestHash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');
    const stored = await this.prisma.client.idempotencyRecord.findUnique({
      where: { apiKeyId_key: { apiKeyId, key } },
    });
    if (stored) {
      if (stored.requestHash !== requestHash) {
        throw new ApiError(
          'idempotency_key_reused',
          'Idempotency-Key was already used with a different request',
          'Idempotency-Key',
        );
      }
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(stored.responseStatus);
      return of(JSON.parse(stored.responseBody) as unknown);
    }
    return next.handle().pipe(
      mergeMap((body) =>
        from(
          this.prisma.client.idempotencyRecord
            .create({
              data: {
                id: newId('idem'),
                apiKeyId,
                key,
                method: req.method,
                path: req.originalUrl,
                requestHash,
                responseStatus: (res as unknown as { statusCode: number }).statusCode,
                responseBody: JSON.stringify(body ?? null),
              },
            })
            .catch(() => undefined) // a racing twin stored it first
            .then(() => body),
        ),
      ),
    );
  }
}
