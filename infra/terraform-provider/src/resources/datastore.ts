// strata_datastore: a Redis-compatible datastore of a tenant with its memory size, eviction
// policy and tiering overrides. Sections: schema, validation, plan, create, read, update, delete,
// import.
import { ApiError, type StrataClient } from '../api/client';
import type { Diagnostics } from '../plugin/diagnostics';
import type { Attribute, ResourceSchema } from '../schema/schema';
import { UNKNOWN, sameValue, type ObjectValue, type Value } from '../values/types';
import { PartialStateError } from './errors';
import { timeoutOf, timeoutsBlock, validateTimeouts, str, type ResourceType } from './resource';
import {
  effectiveFromApi,
  effectiveTieringAttribute,
  tieringBlock,
  tieringFromApi,
  tieringToApi,
  validateTieringBlock,
} from './tiering';

/** The control plane's eviction policies (control-plane/src/datastores/dto/datastore.dto.ts). */
export const EVICTION_POLICIES = [
  'noeviction',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
] as const;

export const MIN_MEMORY = 1024 * 1024;

/** The API's view of a datastore (GET /v1/datastores/{id}). */
export interface DatastoreDto {
  id: string;
  tenantId: string;
  name: string;
  memoryBytes: number;
  evictionPolicy: string;
  tiering: Record<string, unknown>;
  effectiveTiering: Record<string, unknown>;
  status: string;
  statusReason: string;
  endpoint: { host: string; port: number } | null;
  nodeId: string | null;
  password: string | null;
}

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

/** Computed attributes shared with the strata_datastore data source. */
export const DATASTORE_COMPUTED: Attribute[] = [
  { name: 'memory_bytes', type: 'number', computed: true, description: 'maxmemory in bytes.' },
  {
    name: 'status',
    type: 'string',
    computed: true,
    description: 'creating, active, updating, deleting, deleted or failed.',
  },
  {
    name: 'endpoint',
    type: 'string',
    computed: true,
    description: 'host:port to connect Redis clients to.',
  },
  { name: 'host', type: 'string', computed: true, description: 'Host part of the endpoint.' },
  { name: 'port', type: 'number', computed: true, description: 'Port part of the endpoint.' },
  { name: 'node_id', type: 'string', computed: true, description: 'The node the datastore runs on.' },
  {
    name: 'password',
    type: 'string',
    computed: true,
    sensitive: true,
    description: 'AUTH password of the default user (hidden from tenant viewer keys).',
  },
  effectiveTieringAttribute(
    "The settings the datastore runs with: built-in defaults, then the tenant defaults, then this datastore's overrides.",
  ),
];

const schema: ResourceSchema = {
  version: 0,
  block: {
    description:
      'A Strata datastore: one Redis-compatible server with its own memory limit, password and tiering settings. Memory, eviction policy and tiering change in place; tenant and name force a new datastore.',
    attributes: [
      { name: 'id', type: 'string', computed: true, description: 'The datastore id (ds-...).' },
      {
        name: 'tenant_id',
        type: 'string',
        required: true,
        forcesReplacement: true,
        description: 'The tenant owning the datastore. Changing it creates a new datastore.',
      },
      {
        name: 'name',
        type: 'string',
        required: true,
        forcesReplacement: true,
        description:
          'Unique within the tenant: 1 to 63 lower-case letters, digits or "-". Changing it creates a new datastore.',
      },
      {
        name: 'memory',
        type: 'string',
        required: true,
        description:
          'maxmemory as a size such as "256mb" or "2gb" (powers of 1024; at least 1mb). Changed in place.',
      },
      {
        name: 'eviction_policy',
        type: 'string',
        optional: true,
        computed: true,
        description: `What happens at maxmemory: ${EVICTION_POLICIES.join(', ')}. Default noeviction. Changed in place.`,
      },
      ...DATASTORE_COMPUTED,
    ],
    blocks: [
      tieringBlock(
        "Tiering overrides of this datastore; an absent setting inherits the tenant's default. Changed in place (enabled restarts the process).",
      ),
      timeoutsBlock(['create', 'update', 'delete']),
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/** "256mb", "1.5gb", "1048576" -> bytes (powers of 1024); null when not a size. */
export function parseSize(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?$/i.exec(text.trim());
  if (!match) return null;
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  const scale: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
  const bytes = Math.floor(Number(match[1]) * scale[unit]);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** Bytes as the shortest exact size: 268435456 -> "256mb". */
export function formatSize(bytes: number): string {
  for (const [unit, scale] of [
    ['tb', 1024 ** 4],
    ['gb', 1024 ** 3],
    ['mb', 1024 ** 2],
    ['kb', 1024],
  ] as const) {
    if (bytes % scale === 0) return `${bytes / scale}${unit}`;
  }
  return String(bytes);
}

export function validateDatastoreFields(config: ObjectValue, diags: Diagnostics): void {
  const memory = config.memory;
  if (typeof memory === 'string') {
    const bytes = parseSize(memory);
    if (bytes === null) {
      diags.error(
        'Invalid memory size',
        `memory: "${memory}" is not a size; use a number with a unit such as "256mb" or "2gb".`,
        ['memory'],
      );
    } else if (bytes < MIN_MEMORY) {
      diags.error('Memory size too small', `memory: must be at least 1mb, got "${memory}".`, ['memory']);
    }
  }
  const policy = config.eviction_policy;
  if (typeof policy === 'string' && !(EVICTION_POLICIES as readonly string[]).includes(policy)) {
    diags.error(
      'Unknown eviction policy',
      `eviction_policy: "${policy}" is not an eviction policy; use one of ${EVICTION_POLICIES.join(', ')}.`,
      ['eviction_policy'],
    );
  }
  const name = config.name;
  if (typeof name === 'string' && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) {
    diags.error(
      'Invalid name',
      `name: "${name}" must be 1 to 63 lower-case letters, digits or "-", starting with a letter or digit.`,
      ['name'],
    );
  }
}

// ---------------------------------------------------------------------------------------------
// State from the API
// ---------------------------------------------------------------------------------------------

/** The computed attributes of a datastore (shared with the data source). */
export function datastoreComputed(d: DatastoreDto): ObjectValue {
  return {
    memory_bytes: d.memoryBytes,
    status: d.status,
    endpoint: d.endpoint ? `${d.endpoint.host}:${d.endpoint.port}` : null,
    host: d.endpoint?.host ?? null,
    port: d.endpoint?.port ?? null,
    node_id: d.nodeId,
    password: d.password,
    effective_tiering: effectiveFromApi(d.effectiveTiering),
  };
}

function toState(d: DatastoreDto, prior: ObjectValue | null): ObjectValue {
  const priorMemory = prior && typeof prior.memory === 'string' ? prior.memory : null;
  return {
    id: d.id,
    tenant_id: d.tenantId,
    name: d.name,
    // Keep the spelling the configuration used while it means the same size.
    memory:
      priorMemory !== null && parseSize(priorMemory) === d.memoryBytes
        ? priorMemory
        : formatSize(d.memoryBytes),
    eviction_policy: d.evictionPolicy,
    ...datastoreComputed(d),
    tiering: tieringFromApi(d.tiering, prior?.tiering ?? null),
    timeouts: prior?.timeouts ?? null,
  };
}

const path = (id: string) => `/v1/datastores/${encodeURIComponent(id)}`;

async function fetchDatastore(client: StrataClient, id: string): Promise<DatastoreDto | null> {
  try {
    const d = await client.get<DatastoreDto>(path(id));
    return d.status === 'deleted' ? null : d;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

type OperationReply = { datastore: DatastoreDto; operation: { id: string } };

/** Waits for the operation; on failure the error carries the datastore's current state. */
async function settle(
  client: StrataClient,
  reply: OperationReply,
  timeoutMs: number,
  what: string,
  prior: ObjectValue | null,
): Promise<ObjectValue> {
  try {
    await client.waitOperation(reply.operation.id, timeoutMs, what);
  } catch (err) {
    const current = await fetchDatastore(client, reply.datastore.id).catch(() => null);
    throw new PartialStateError(current ? toState(current, prior) : null, err);
  }
  const current = await fetchDatastore(client, reply.datastore.id);
  if (!current) throw new Error(`${what}: datastore ${reply.datastore.id} disappeared`);
  return toState(current, prior);
}

// ---------------------------------------------------------------------------------------------
// The resource
// ---------------------------------------------------------------------------------------------

export const datastoreResource: ResourceType = {
  name: 'strata_datastore',
  schema,

  validate(config, diags) {
    validateDatastoreFields(config, diags);
    validateTieringBlock(config.tiering, diags);
    validateTimeouts(config, diags);
  },

  plan(planned, prior) {
    if (prior === null) {
      if (planned.eviction_policy === UNKNOWN) planned.eviction_policy = 'noeviction';
      return;
    }
    const changed = (name: string) => !sameValue(planned[name], prior[name]);
    if (changed('memory')) planned.memory_bytes = UNKNOWN;
    if (changed('memory') || changed('eviction_policy') || changed('tiering')) {
      // The datastore's settings are recomputed (tenant defaults may have moved meanwhile).
      planned.effective_tiering = UNKNOWN;
    }
  },

  async create(planned, client) {
    const body: Record<string, unknown> = {
      tenantId: str(planned, 'tenant_id'),
      name: str(planned, 'name'),
      memory: str(planned, 'memory'),
      tiering: tieringToApi(planned.tiering),
    };
    const policy = planned.eviction_policy;
    if (typeof policy === 'string') body.evictionPolicy = policy;
    const reply = await client.post<OperationReply>('/v1/datastores', body);
    return settle(client, reply, timeoutOf(planned, 'create'), `creating datastore ${body.name}`, planned);
  },

  async read(state, client) {
    const id = str(state, 'id');
    if (!id) return null;
    const d = await fetchDatastore(client, id);
    return d ? toState(d, state) : null;
  },

  async update(prior, planned, client) {
    const id = str(prior, 'id')!;
    const body: Record<string, unknown> = {};
    if (!sameValue(planned.memory, prior.memory)) body.memory = planned.memory;
    if (typeof planned.eviction_policy === 'string' && planned.eviction_policy !== prior.eviction_policy) {
      body.evictionPolicy = planned.eviction_policy;
    }
    if (!sameValue(tieringToApi(planned.tiering) as Value, tieringToApi(prior.tiering) as Value)) {
      body.tiering = tieringToApi(planned.tiering);
    }
    if (Object.keys(body).length === 0) {
      // Only Terraform-side fields changed (timeouts, an empty block): nothing to send.
      const current = await fetchDatastore(client, id);
      if (!current) throw new Error(`datastore ${id} no longer exists`);
      return toState(current, planned);
    }
    const reply = await client.patch<OperationReply>(path(id), body);
    return settle(client, reply, timeoutOf(planned, 'update'), `updating datastore ${id}`, planned);
  },

  async delete(prior, client) {
    const id = str(prior, 'id');
    if (!id) return;
    let reply: OperationReply;
    try {
      reply = await client.delete<OperationReply>(path(id));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return; // already gone
      throw err;
    }
    await client.waitOperation(reply.operation.id, timeoutOf(prior, 'delete'), `deleting datastore ${id}`);
  },

  async import(id, client) {
    const d = await fetchDatastore(client, id);
    return d ? toState(d, null) : null;
  },
};
