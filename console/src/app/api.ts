// The console's client of the control plane's REST API (same origin, /v1). The API key lives in
// sessionStorage: it is gone when the tab closes. Errors become ApiProblem with a sentence a person
// can act on, built from the API's stable error codes.

import { ApiProblem, describeError } from './errors';
import type { Tiering } from './types';

export { ApiProblem, describeError };
export type { Tiering };

const KEY_STORAGE = 'strata.apiKey';

export type Role = 'platform_admin' | 'tenant_admin' | 'tenant_viewer';

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  tenantId: string | null;
  prefix: string;
}

export interface Tenant {
  id: string;
  name: string;
  tiering: Tiering;
  effectiveTiering: Tiering;
  createdAt: string;
  etag: string;
}

export type DatastoreStatus = 'creating' | 'active' | 'updating' | 'deleting' | 'deleted' | 'failed';

export interface Datastore {
  id: string;
  tenantId: string;
  name: string;
  memoryBytes: number;
  evictionPolicy: string;
  tiering: Tiering;
  effectiveTiering: Tiering;
  status: DatastoreStatus;
  statusReason: string;
  endpoint: { host: string; port: number } | null;
  nodeId: string | null;
  nodeHealthy: boolean | null;
  password: string | null;
  createdAt: string;
  updatedAt: string;
  etag: string;
}

export interface Operation {
  id: string;
  kind: string;
  targetType: string;
  targetId: string;
  tenantId: string | null;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  done: boolean;
  error: string;
  progress: { done: number; total: number };
  createdAt: string;
  finishedAt: string | null;
}

export interface MetricPoint {
  at: string;
  usedMemory: number;
  maxmemory: number;
  keys: number;
  tieredEntries: number;
  tieredBytes: number;
  ramHits: number;
  ramCoolHits: number;
  ramMisses: number;
  opsPerSec: number;
  totalStashes: number;
  totalFetches: number;
  clientsThrottled: number;
}

export interface DatastoreMetrics {
  datastoreId: string;
  latestAt: string | null;
  latest: Record<string, unknown> | null;
  series: MetricPoint[];
}

export interface NodeInfo {
  id: string;
  name: string;
  address: string;
  health: string;
  draining: boolean;
  lastSeenAt: string | null;
  lastError: string;
  memoryBudgetBytes: number;
  memoryFreeBytes: number;
  diskCapacityBytes: number;
  diskFreeBytes: number;
  instanceCount: number;
  datastoreCount: number;
}

export interface AuditEntry {
  id: string;
  at: string;
  apiKeyId: string | null;
  tenantId: string | null;
  role: string;
  action: string;
  targetType: string;
  targetId: string;
  result: 'ok' | 'error';
  statusCode: number;
  detail: string;
}

export interface Page<T> {
  items: T[];
  nextPageToken: string | null;
}

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function storeKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** One REST call with the stored key (or `key`); throws ApiProblem. */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { key?: string; ifMatch?: string } = {},
): Promise<T> {
  const key = options.key ?? storedKey();
  // Signed out meanwhile (a poll that outlived its page): no request that can only answer 401.
  if (!key) throw new ApiProblem('You are signed out. Sign in with an API key.', 'unauthenticated', 401);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiProblem('The control plane cannot be reached. Check the network and retry.', 'network', 0);
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) throw describeError(res.status, parsed);
  return parsed as T;
}

/** Every page of a list endpoint (at most `max` items). */
export async function listAll<T>(path: string, max = 1000): Promise<T[]> {
  const items: T[] = [];
  let token: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = await api<Page<T>>(
      'GET',
      `${path}${sep}limit=200${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`,
    );
    items.push(...page.items);
    token = page.nextPageToken;
  } while (token && items.length < max);
  return items;
}
