// Original file: strata/v1/provisioning.proto

import type { Tenant as _strata_v1_Tenant, Tenant__Output as _strata_v1_Tenant__Output } from '../../strata/v1/Tenant';
import type { Operation as _strata_v1_Operation, Operation__Output as _strata_v1_Operation__Output } from '../../strata/v1/Operation';

export interface TenantOperation {
  'tenant'?: (_strata_v1_Tenant | null);
  /**
   * The roll-out to the tenant's datastores.
   */
  'operation'?: (_strata_v1_Operation | null);
}

export interface TenantOperation__Output {
  'tenant': (_strata_v1_Tenant__Output | null);
  /**
   * The roll-out to the tenant's datastores.
   */
  'operation': (_strata_v1_Operation__Output | null);
}
