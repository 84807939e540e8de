// Turns every error into the catalogue's body ({"error": {code, message, field}}). Unexpected errors
// become 500 with a generic message; their details are logged without request bodies or headers.
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ApiError, type ErrorCode } from './errors';

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'invalid_argument',
  415: 'invalid_argument',
  429: 'rate_limited',
};

/** The catalogue form of any error thrown while serving a request. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const code = BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'invalid_argument');
    const response = err.getResponse();
    let message =
      typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? err.message);
    if (Array.isArray(message)) message = message.join('; ');
    if (status === 400 && /JSON/i.test(String(message)))
      return new ApiError('invalid_argument', 'body: not valid JSON', 'body');
    if (status === 404)
      return new ApiError('not_found', String(message).replace(/^Cannot (\w+) /, 'no route for $1 '));
    return new ApiError(code, String(message));
  }
  const prismaCode = (err as { code?: string })?.code;
  if (prismaCode === 'P2025')
    return new ApiError('conflict', 'the resource changed or disappeared meanwhile; read it again and retry');
  if (prismaCode === 'P2002')
    return new ApiError('already_exists', 'a resource with that name already exists', 'name');
  return new ApiError('internal', 'internal error');
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = toApiError(exception);
    if (error.code === 'internal') this.logger.error((exception as Error)?.stack ?? String(exception));
    const res = host.switchToHttp().getResponse<{
      status(code: number): { json(body: unknown): void };
      setHeader(name: string, value: string): void;
      headersSent?: boolean;
    }>();
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.status(error.httpStatus).json(error.toBody());
  }
}
