// The Strata provider: its configuration (endpoint and API key, from attributes or the
// STRATA_ENDPOINT / STRATA_API_KEY environment variables), resources and data sources.
import { datastoreDataSource } from './data-sources/datastore';
import { nodesDataSource } from './data-sources/nodes';
import { apiKeyResource } from './resources/api-key';
import { datastoreResource } from './resources/datastore';
import type { DataSourceType, ResourceType } from './resources/resource';
import { tenantResource } from './resources/tenant';
import type { ResourceSchema } from './schema/schema';

export const PROVIDER_VERSION = '0.1.0';

export const providerSchema: ResourceSchema = {
  version: 0,
  block: {
    description:
      'The Strata provider manages tenants, datastores (with their SSD tiering settings) and API keys through the Strata control plane REST API.',
    attributes: [
      {
        name: 'endpoint',
        type: 'string',
        optional: true,
        description:
          'URL of the Strata control plane REST API, such as "http://127.0.0.1:8080". Default: the STRATA_ENDPOINT environment variable.',
      },
      {
        name: 'api_key',
        type: 'string',
        optional: true,
        sensitive: true,
        description: 'API key sent as a bearer token. Default: the STRATA_API_KEY environment variable.',
      },
      {
        name: 'poll_interval',
        type: 'string',
        optional: true,
        description:
          'How often operations are polled while waiting, as a duration such as "250ms" or "1s". Default 250ms.',
      },
    ],
  },
};

export const RESOURCES: readonly ResourceType[] = [tenantResource, datastoreResource, apiKeyResource];
export const DATA_SOURCES: readonly DataSourceType[] = [datastoreDataSource, nodesDataSource];
