// strata_api_key: an API key with a role, for a tenant or the whole platform. The secret exists
// only in the create response: it is kept in state (sensitive) and is null after an import.
// Every field forces a new key. Sections: schema, validation, plan, create, read, update, delete,
// import.
import { ApiError, type StrataClient } from '../api/client';
import type { ResourceSchema } from '../schema/schema';
import type { ObjectValue } from '../values/types';
import { str, type ResourceType } from './resource';

export const ROLES = ['platform_admin', 'tenant_admin', 'tenant_viewer'] as const;

interface ApiKeyDto {
  id: string;
  name: string;
  role: string;
  tenantId: string | null;
  prefix: string;
  revokedAt: string | null;
  secret?: string;
}

const schema: ResourceSchema = {
  version: 0,
  block: {
    description:
      'A Strata API key. The secret is shown by the API once, at creation, and kept in the Terraform state as a sensitive value. Destroying the resource revokes the key.',
    attributes: [
      { name: 'id', type: 'string', computed: true, description: 'The key id.' },
      {
        name: 'name',
        type: 'string',
        required: true,
        forcesReplacement: true,
        description: 'A name to recognise the key by (1 to 100 characters). Changing it creates a new key.',
      },
      {
        name: 'role',
        type: 'string',
        required: true,
        forcesReplacement: true,
        description: `${ROLES.join(', ')}. Changing it creates a new key.`,
      },
      {
        name: 'tenant_id',
        type: 'string',
        optional: true,
        forcesReplacement: true,
        description: 'The tenant of a tenant_admin or tenant_viewer key. Changing it creates a new key.',
      },
      {
        name: 'secret',
        type: 'string',
        computed: true,
        sensitive: true,
        description: 'The key itself, sent as "Authorization: Bearer <secret>". Null after an import.',
      },
      { name: 'prefix', type: 'string', computed: true, description: 'The first characters of the secret.' },
    ],
  },
};

const path = (id: string) => `/v1/api-keys/${encodeURIComponent(id)}`;

async function fetchKey(client: StrataClient, id: string): Promise<ApiKeyDto | null> {
  try {
    const key = await client.get<ApiKeyDto>(path(id));
    return key.revokedAt ? null : key;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

function toState(k: ApiKeyDto, secret: string | null): ObjectValue {
  return { id: k.id, name: k.name, role: k.role, tenant_id: k.tenantId, secret, prefix: k.prefix };
}

export const apiKeyResource: ResourceType = {
  name: 'strata_api_key',
  schema,

  validate(config, diags) {
    const role = config.role;
    if (typeof role === 'string' && !(ROLES as readonly string[]).includes(role)) {
      diags.error('Unknown role', `role: "${role}" is not a role; use one of ${ROLES.join(', ')}.`, ['role']);
    }
    if (typeof role === 'string' && role !== 'platform_admin' && config.tenant_id === null) {
      diags.error('Missing tenant_id', `tenant_id: a ${role} key needs a tenant.`, ['tenant_id']);
    }
  },

  plan() {},

  async create(planned, client) {
    const tenantId = str(planned, 'tenant_id');
    const key = await client.post<ApiKeyDto>('/v1/api-keys', {
      name: str(planned, 'name'),
      role: str(planned, 'role'),
      ...(tenantId ? { tenantId } : {}),
    });
    return toState(key, key.secret ?? null);
  },

  async read(state, client) {
    const id = str(state, 'id');
    const key = id ? await fetchKey(client, id) : null;
    return key ? toState(key, str(state, 'secret')) : null;
  },

  async update(prior, _planned, client) {
    // Every configurable field forces replacement: nothing changes in place.
    const key = await fetchKey(client, str(prior, 'id')!);
    if (!key) throw new Error(`API key ${str(prior, 'id')} no longer exists`);
    return toState(key, str(prior, 'secret'));
  },

  async delete(prior, client) {
    const id = str(prior, 'id');
    if (!id) return;
    try {
      await client.delete(path(id));
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 409)) return;
      throw err;
    }
  },

  async import(id, client) {
    const key = await fetchKey(client, id);
    return key ? toState(key, null) : null;
  },
};
