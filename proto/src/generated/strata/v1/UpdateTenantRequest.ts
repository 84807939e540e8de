// Original file: strata/v1/provisioning.proto

import type { TieringSettings as _strata_v1_TieringSettings, TieringSettings__Output as _strata_v1_TieringSettings__Output } from '../../strata/v1/TieringSettings';

export interface UpdateTenantRequest {
  'id'?: (string);
  /**
   * Replaces the tenant's tiering defaults when present.
   */
  'tiering'?: (_strata_v1_TieringSettings | null);
  /**
   * When not empty, the update is refused with FAILED_PRECONDITION unless it matches.
   */
  'etag'?: (string);
}

export interface UpdateTenantRequest__Output {
  'id': (string);
  /**
   * Replaces the tenant's tiering defaults when present.
   */
  'tiering': (_strata_v1_TieringSettings__Output | null);
  /**
   * When not empty, the update is refused with FAILED_PRECONDITION unless it matches.
   */
  'etag': (string);
}
