// Original file: strata/v1/provisioning.proto

import type { TieringSettings as _strata_v1_TieringSettings, TieringSettings__Output as _strata_v1_TieringSettings__Output } from '../../strata/v1/TieringSettings';
import type { Long } from '@grpc/proto-loader';

export interface Tenant {
  'id'?: (string);
  /**
   * Lower-case letters, digits and '-', 1 to 63 characters; unique.
   */
  'name'?: (string);
  /**
   * The tenant's tiering defaults (partial: absent fields take the built-in defaults).
   */
  'tiering'?: (_strata_v1_TieringSettings | null);
  'createdAtMs'?: (number | string | Long);
  'updatedAtMs'?: (number | string | Long);
  /**
   * Changes with every update; pass it back as UpdateTenantRequest.etag to update only that version.
   */
  'etag'?: (string);
}

export interface Tenant__Output {
  'id': (string);
  /**
   * Lower-case letters, digits and '-', 1 to 63 characters; unique.
   */
  'name': (string);
  /**
   * The tenant's tiering defaults (partial: absent fields take the built-in defaults).
   */
  'tiering': (_strata_v1_TieringSettings__Output | null);
  'createdAtMs': (number);
  'updatedAtMs': (number);
  /**
   * Changes with every update; pass it back as UpdateTenantRequest.etag to update only that version.
   */
  'etag': (string);
}
