// A small client of the Strata control plane's REST API (docs/control-plane.md): JSON with a
// bearer key, the catalogue's error bodies turned into ApiError, 429 retried after Retry-After,
// and long actions waited for by polling their operation.
import { randomUUID } from 'node:crypto';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The input the API names (JSON, lowerCamelCase: "tiering.offloadThreshold"). */
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface Operation {
  id: string;
  kind: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  done: boolean;
  error: string;
}

export interface ClientOptions {
  endpoint: string;
  apiKey: string;
  /** Poll period of operations (ms). */
  pollIntervalMs?: number;
  userAgent?: string;
}

export class StrataClient {
  private readonly base: string;

  constructor(private readonly options: ClientOptions) {
    this.base = options.endpoint.replace(/\/+$/, '').replace(/\/v1$/, '');
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${this.options.apiKey}`,
            accept: 'application/json',
            'user-agent': this.options.userAgent ?? 'terraform-provider-strata',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
        throw new ApiError(0, 'unavailable', `cannot reach the Strata API at ${this.base}: ${cause}`);
      }
      const text = await res.text();
      if (res.status === 429 && attempt < 5) {
        const seconds = Number(res.headers.get('retry-after') ?? '1');
        await sleep(Math.min(Math.max(seconds, 0.2), 10) * 1000);
        continue;
      }
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      if (!res.ok) {
        const error = (parsed as { error?: { code?: string; message?: string; field?: string } })?.error;
        throw new ApiError(
          res.status,
          error?.code ?? `http_${res.status}`,
          error?.message ?? `${method} ${path} answered ${res.status}`,
          error?.field,
        );
      }
      return parsed as T;
    }
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** POST with an Idempotency-Key, so a retried create never makes two resources. */
  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body, { 'idempotency-key': randomUUID() });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** Every item of a paginated list. */
  async list<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let token: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page: { items: T[]; nextPageToken: string | null } = await this.get(
        `${path}${sep}limit=200${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`,
      );
      items.push(...page.items);
      token = page.nextPageToken;
    } while (token);
    return items;
  }

  /** Polls an operation until it is done or the timeout passes; throws when it failed. */
  async waitOperation(id: string, timeoutMs: number, what: string): Promise<Operation> {
    const deadline = Date.now() + timeoutMs;
    const interval = this.options.pollIntervalMs ?? 250;
    for (;;) {
      const op = await this.get<Operation>(`/v1/operations/${encodeURIComponent(id)}`);
      if (op.done) {
        if (op.status === 'failed')
          throw new ApiError(0, 'operation_failed', `${what} failed: ${op.error || 'no reason given'}`);
        return op;
      }
      if (Date.now() >= deadline) {
        throw new ApiError(
          0,
          'timeout',
          `${what}: operation ${id} still ${op.status} after ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`} (raise the timeouts block)`,
        );
      }
      await sleep(interval);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
