// The one catalogue of API errors: stable codes, their HTTP and gRPC statuses. Every error body is
// {"error": {"code": "...", "message": "...", "field": "..."}}; `field` names the offending input.
import { status as GrpcStatus } from '@grpc/grpc-js';

export const ERROR_CODES = {
  invalid_argument: { http: 400, grpc: GrpcStatus.INVALID_ARGUMENT },
  unauthenticated: { http: 401, grpc: GrpcStatus.UNAUTHENTICATED },
  permission_denied: { http: 403, grpc: GrpcStatus.PERMISSION_DENIED },
  not_found: { http: 404, grpc: GrpcStatus.NOT_FOUND },
  already_exists: { http: 409, grpc: GrpcStatus.ALREADY_EXISTS },
  conflict: { http: 409, grpc: GrpcStatus.FAILED_PRECONDITION },
  precondition_failed: { http: 412, grpc: GrpcStatus.FAILED_PRECONDITION },
  precondition_required: { http: 428, grpc: GrpcStatus.FAILED_PRECONDITION },
  idempotency_key_reused: { http: 422, grpc: GrpcStatus.INVALID_ARGUMENT },
  rate_limited: { http: 429, grpc: GrpcStatus.RESOURCE_EXHAUSTED },
  internal: { http: 500, grpc: GrpcStatus.INTERNAL },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Extra response headers (Retry-After...). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) },
    };
  }
}

export const invalid = (field: string, problem: string) =>
  new ApiError('invalid_argument', `${field}: ${problem}`, field);
export const notFound = (kind: string, id: string) => new ApiError('not_found', `${kind} ${id} not found`);
export const forbidden = (message = 'this API key may not do that') =>
  new ApiError('permission_denied', message);
