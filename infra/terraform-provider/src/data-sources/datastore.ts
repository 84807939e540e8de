// data "strata_datastore": an existing datastore by id, or by tenant_id and name.
import type { StrataClient } from '../api/client';
import type { ResourceSchema } from '../schema/schema';
import type { ObjectValue } from '../values/types';
import { DATASTORE_COMPUTED, datastoreComputed, formatSize, type DatastoreDto } from '../resources/datastore';
import { str, type DataSourceType } from '../resources/resource';

const schema: ResourceSchema = {
  version: 0,
  block: {
    description: 'Reads an existing Strata datastore, by id or by tenant_id and name.',
    attributes: [
      {
        name: 'id',
        type: 'string',
        optional: true,
        computed: true,
        description: 'The datastore id. Give either id, or tenant_id and name.',
      },
      {
        name: 'tenant_id',
        type: 'string',
        optional: true,
        computed: true,
        description: 'The tenant of the datastore (with name, instead of id).',
      },
      {
        name: 'name',
        type: 'string',
        optional: true,
        computed: true,
        description: 'The datastore name within its tenant (with tenant_id, instead of id).',
      },
      { name: 'memory', type: 'string', computed: true, description: 'maxmemory as a size such as "256mb".' },
      { name: 'eviction_policy', type: 'string', computed: true, description: 'The eviction policy.' },
      ...DATASTORE_COMPUTED,
    ],
  },
};

export const datastoreDataSource: DataSourceType = {
  name: 'strata_datastore',
  schema,

  validate(config, diags) {
    const byId = config.id !== null;
    const byName = config.tenant_id !== null || config.name !== null;
    if (byId === byName || (byName && (config.tenant_id === null || config.name === null))) {
      diags.error(
        'Which datastore?',
        'Give either id, or both tenant_id and name.',
        byId ? ['id'] : ['name'],
      );
    }
  },

  async read(config: ObjectValue, client: StrataClient) {
    let d: DatastoreDto | undefined;
    const id = str(config, 'id');
    if (id) {
      d = await client.get<DatastoreDto>(`/v1/datastores/${encodeURIComponent(id)}`);
      if (d.status === 'deleted') throw new Error(`datastore ${id} was deleted`);
    } else {
      const tenantId = str(config, 'tenant_id')!;
      const name = str(config, 'name')!;
      const all = await client.list<DatastoreDto>(`/v1/datastores?tenantId=${encodeURIComponent(tenantId)}`);
      d = all.find((x) => x.name === name);
      if (!d) throw new Error(`tenant ${tenantId} has no datastore named ${name}`);
    }
    return {
      id: d.id,
      tenant_id: d.tenantId,
      name: d.name,
      memory: formatSize(d.memoryBytes),
      eviction_policy: d.evictionPolicy,
      ...datastoreComputed(d),
    };
  },
};
