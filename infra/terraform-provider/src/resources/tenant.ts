// strata_tenant: a tenant with its tiering defaults (inherited by every datastore of the tenant;
// a change rolls out to them live). Sections: schema, validation, plan, create, read, update,
// delete, import.
import { ApiError, type StrataClient } from '../api/client';
import type { ResourceSchema } from '../schema/schema';
import { UNKNOWN, sameValue, type ObjectValue } from '../values/types';
import { timeoutOf, timeoutsBlock, validateTimeouts, str, type ResourceType } from './resource';
import {
  effectiveFromApi,
  effectiveTieringAttribute,
  tieringBlock,
  tieringFromApi,
  tieringToApi,
  validateTieringBlock,
} from './tiering';

interface TenantDto {
  id: string;
  name: string;
  tiering: Record<string, unknown>;
  effectiveTiering: Record<string, unknown>;
}

const schema: ResourceSchema = {
  version: 0,
  block: {
    description:
      "A Strata tenant and its tiering defaults. Changing the defaults rolls them out to the tenant's datastores live; changing the name creates a new tenant. Platform admin keys only.",
    attributes: [
      { name: 'id', type: 'string', computed: true, description: 'The tenant id (ten-...).' },
      {
        name: 'name',
        type: 'string',
        required: true,
        forcesReplacement: true,
        description: 'Unique: 1 to 63 lower-case letters, digits or "-". Changing it creates a new tenant.',
      },
      effectiveTieringAttribute('Built-in defaults with the tenant defaults applied.'),
    ],
    blocks: [
      tieringBlock('Tiering defaults of the tenant; an absent setting keeps the built-in default.'),
      timeoutsBlock(['update']),
    ],
  },
};

function toState(t: TenantDto, prior: ObjectValue | null): ObjectValue {
  return {
    id: t.id,
    name: t.name,
    effective_tiering: effectiveFromApi(t.effectiveTiering),
    tiering: tieringFromApi(t.tiering, prior?.tiering ?? null),
    timeouts: prior?.timeouts ?? null,
  };
}

const path = (id: string) => `/v1/tenants/${encodeURIComponent(id)}`;

async function fetchTenant(client: StrataClient, id: string): Promise<TenantDto | null> {
  try {
    return await client.get<TenantDto>(path(id));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export const tenantResource: ResourceType = {
  name: 'strata_tenant',
  schema,

  validate(config, diags) {
    const name = config.name;
    if (typeof name === 'string' && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) {
      diags.error(
        'Invalid name',
        `name: "${name}" must be 1 to 63 lower-case letters, digits or "-", starting with a letter or digit.`,
        ['name'],
      );
    }
    validateTieringBlock(config.tiering, diags);
    validateTimeouts(config, diags);
  },

  plan(planned, prior) {
    if (prior !== null && !sameValue(planned.tiering, prior.tiering)) planned.effective_tiering = UNKNOWN;
  },

  async create(planned, client) {
    const tenant = await client.post<TenantDto>('/v1/tenants', {
      name: str(planned, 'name'),
      tiering: tieringToApi(planned.tiering),
    });
    return toState(tenant, planned);
  },

  async read(state, client) {
    const id = str(state, 'id');
    const t = id ? await fetchTenant(client, id) : null;
    return t ? toState(t, state) : null;
  },

  async update(prior, planned, client) {
    const id = str(prior, 'id')!;
    const tiering = tieringToApi(planned.tiering);
    if (!sameValue(tiering as ObjectValue, tieringToApi(prior.tiering) as ObjectValue)) {
      const reply = await client.patch<{ tenant: TenantDto; operation: { id: string } }>(path(id), {
        tiering,
      });
      await client.waitOperation(
        reply.operation.id,
        timeoutOf(planned, 'update'),
        `rolling out tenant ${id} defaults`,
      );
    }
    const t = await fetchTenant(client, id);
    if (!t) throw new Error(`tenant ${id} no longer exists`);
    return toState(t, planned);
  },

  async delete(prior, client) {
    const id = str(prior, 'id');
    if (!id) return;
    try {
      await client.delete(path(id));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return;
      throw err;
    }
  },

  async import(id, client) {
    const t = await fetchTenant(client, id);
    return t ? toState(t, null) : null;
  },
};
