// data "strata_nodes": the nodes of the platform with their capacity and health (platform admin
// keys).
import type { StrataClient } from '../api/client';
import type { Attribute, ResourceSchema } from '../schema/schema';
import type { ObjectValue } from '../values/types';
import type { DataSourceType } from '../resources/resource';

interface NodeDto {
  id: string;
  name: string;
  address: string;
  health: string;
  draining: boolean;
  memoryBudgetBytes: number;
  memoryFreeBytes: number;
  diskCapacityBytes: number;
  diskFreeBytes: number;
  datastoreCount: number;
}

const computed = (name: string, type: 'string' | 'number' | 'bool', description: string): Attribute => ({
  name,
  type,
  computed: true,
  description,
});

const schema: ResourceSchema = {
  version: 0,
  block: {
    description: 'Lists the nodes of the platform with capacity and health (platform admin keys).',
    attributes: [
      {
        name: 'nodes',
        computed: true,
        description: 'Every registered node, oldest first.',
        nested: {
          nesting: 'list',
          attributes: [
            computed('id', 'string', 'The node id.'),
            computed('name', 'string', 'The node name.'),
            computed('address', 'string', "host:port of the node agent's gRPC server."),
            computed('health', 'string', 'healthy, unhealthy or unknown.'),
            computed('draining', 'bool', 'Whether new datastores are kept off the node.'),
            computed('memory_budget_bytes', 'number', 'RAM the agent may give to datastores.'),
            computed('memory_free_bytes', 'number', 'RAM still free for datastores.'),
            computed('disk_capacity_bytes', 'number', 'Size of the NVMe tier path.'),
            computed('disk_free_bytes', 'number', 'Free bytes of the NVMe tier path.'),
            computed('datastore_count', 'number', 'Datastores placed on the node.'),
          ],
        },
      },
    ],
  },
};

export const nodesDataSource: DataSourceType = {
  name: 'strata_nodes',
  schema,
  validate() {},
  async read(_config: ObjectValue, client: StrataClient) {
    const nodes = await client.list<NodeDto>('/v1/nodes');
    return {
      nodes: nodes.map((n) => ({
        id: n.id,
        name: n.name,
        address: n.address,
        health: n.health,
        draining: n.draining,
        memory_budget_bytes: n.memoryBudgetBytes,
        memory_free_bytes: n.memoryFreeBytes,
        disk_capacity_bytes: n.diskCapacityBytes,
        disk_free_bytes: n.diskFreeBytes,
        datastore_count: n.datastoreCount,
      })),
    };
  },
};
