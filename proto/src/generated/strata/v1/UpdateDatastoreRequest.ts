// Original file: strata/v1/provisioning.proto

import type { TieringSettings as _strata_v1_TieringSettings, TieringSettings__Output as _strata_v1_TieringSettings__Output } from '../../strata/v1/TieringSettings';
import type { Long } from '@grpc/proto-loader';

export interface UpdateDatastoreRequest {
  'id'?: (string);
  'memoryBytes'?: (number | string | Long);
  'evictionPolicy'?: (string);
  /**
   * Replaces the datastore's tiering overrides when present.
   */
  'tiering'?: (_strata_v1_TieringSettings | null);
  'etag'?: (string);
  '_memoryBytes'?: "memoryBytes";
  '_evictionPolicy'?: "evictionPolicy";
}

export interface UpdateDatastoreRequest__Output {
  'id': (string);
  'memoryBytes'?: (number);
  'evictionPolicy'?: (string);
  /**
   * Replaces the datastore's tiering overrides when present.
   */
  'tiering': (_strata_v1_TieringSettings__Output | null);
  'etag': (string);
}
