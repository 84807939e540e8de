// Original file: strata/v1/provisioning.proto

import type { TieringSettings as _strata_v1_TieringSettings, TieringSettings__Output as _strata_v1_TieringSettings__Output } from '../../strata/v1/TieringSettings';
import type { Long } from '@grpc/proto-loader';

export interface CreateDatastoreRequest {
  /**
   * Platform admins name the tenant; tenant keys may leave it empty (their own tenant).
   */
  'tenantId'?: (string);
  'name'?: (string);
  'memoryBytes'?: (number | string | Long);
  /**
   * Empty means noeviction.
   */
  'evictionPolicy'?: (string);
  'tiering'?: (_strata_v1_TieringSettings | null);
}

export interface CreateDatastoreRequest__Output {
  /**
   * Platform admins name the tenant; tenant keys may leave it empty (their own tenant).
   */
  'tenantId': (string);
  'name': (string);
  'memoryBytes': (number);
  /**
   * Empty means noeviction.
   */
  'evictionPolicy': (string);
  'tiering': (_strata_v1_TieringSettings__Output | null);
}
