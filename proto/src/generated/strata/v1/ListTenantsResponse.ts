// Original file: strata/v1/provisioning.proto

import type { Tenant as _strata_v1_Tenant, Tenant__Output as _strata_v1_Tenant__Output } from '../../strata/v1/Tenant';

export interface ListTenantsResponse {
  'tenants'?: (_strata_v1_Tenant)[];
  'nextPageToken'?: (string);
}

export interface ListTenantsResponse__Output {
  'tenants': (_strata_v1_Tenant__Output)[];
  'nextPageToken': (string);
}
