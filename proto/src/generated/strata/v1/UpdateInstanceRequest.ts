// Original file: strata/v1/agent.proto

import type { TieringSettings as _strata_v1_TieringSettings, TieringSettings__Output as _strata_v1_TieringSettings__Output } from '../../strata/v1/TieringSettings';
import type { Long } from '@grpc/proto-loader';

export interface UpdateInstanceRequest {
  'instanceId'?: (string);
  /**
   * Absent fields keep their value.
   */
  'maxmemoryBytes'?: (number | string | Long);
  'maxmemoryPolicy'?: (string);
  /**
   * Partial: only the fields present change.
   */
  'tiering'?: (_strata_v1_TieringSettings | null);
  '_maxmemoryBytes'?: "maxmemoryBytes";
  '_maxmemoryPolicy'?: "maxmemoryPolicy";
}

export interface UpdateInstanceRequest__Output {
  'instanceId': (string);
  /**
   * Absent fields keep their value.
   */
  'maxmemoryBytes'?: (number);
  'maxmemoryPolicy'?: (string);
  /**
   * Partial: only the fields present change.
   */
  'tiering': (_strata_v1_TieringSettings__Output | null);
}
