// Original file: strata/v1/agent.proto

import type { InstanceState as _strata_v1_InstanceState, InstanceState__Output as _strata_v1_InstanceState__Output } from '../../strata/v1/InstanceState';
import type { TieringSettings as _strata_v1_TieringSettings, TieringSettings__Output as _strata_v1_TieringSettings__Output } from '../../strata/v1/TieringSettings';
import type { Long } from '@grpc/proto-loader';

export interface Instance {
  'instanceId'?: (string);
  'state'?: (_strata_v1_InstanceState);
  /**
   * Why the instance is FAILED or RESTARTING: exit code or signal and the last log lines.
   */
  'stateReason'?: (string);
  /**
   * Where clients connect.
   */
  'host'?: (string);
  'port'?: (number);
  /**
   * Only in the responses of CreateInstance and RotatePassword; empty elsewhere.
   */
  'password'?: (string);
  'maxmemoryBytes'?: (number | string | Long);
  'maxmemoryPolicy'?: (string);
  /**
   * Effective tiering settings: every field present.
   */
  'tiering'?: (_strata_v1_TieringSettings | null);
  /**
   * Tier file prefix under the NVMe path ("" when tiering is off).
   */
  'tierPrefix'?: (string);
  'pid'?: (number);
  /**
   * Restarts after crashes since the instance was created (or last restarted by request).
   */
  'crashRestarts'?: (number);
  'createdAtMs'?: (number | string | Long);
  'startedAtMs'?: (number | string | Long);
  /**
   * Incremented by every accepted change of the spec (settings, password).
   */
  'generation'?: (number | string | Long);
}

export interface Instance__Output {
  'instanceId': (string);
  'state': (_strata_v1_InstanceState__Output);
  /**
   * Why the instance is FAILED or RESTARTING: exit code or signal and the last log lines.
   */
  'stateReason': (string);
  /**
   * Where clients connect.
   */
  'host': (string);
  'port': (number);
  /**
   * Only in the responses of CreateInstance and RotatePassword; empty elsewhere.
   */
  'password': (string);
  'maxmemoryBytes': (number);
  'maxmemoryPolicy': (string);
  /**
   * Effective tiering settings: every field present.
   */
  'tiering': (_strata_v1_TieringSettings__Output | null);
  /**
   * Tier file prefix under the NVMe path ("" when tiering is off).
   */
  'tierPrefix': (string);
  'pid': (number);
  /**
   * Restarts after crashes since the instance was created (or last restarted by request).
   */
  'crashRestarts': (number);
  'createdAtMs': (number);
  'startedAtMs': (number);
  /**
   * Incremented by every accepted change of the spec (settings, password).
   */
  'generation': (number);
}
