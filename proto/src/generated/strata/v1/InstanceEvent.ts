// Original file: strata/v1/agent.proto

import type { InstanceEventType as _strata_v1_InstanceEventType, InstanceEventType__Output as _strata_v1_InstanceEventType__Output } from '../../strata/v1/InstanceEventType';
import type { Long } from '@grpc/proto-loader';

export interface InstanceEvent {
  'instanceId'?: (string);
  'type'?: (_strata_v1_InstanceEventType);
  'atMs'?: (number | string | Long);
  'message'?: (string);
  /**
   * For CRASHED: exit code (-1 when killed by a signal) and signal name ("SIGKILL").
   */
  'exitCode'?: (number);
  'signal'?: (string);
  'backoffMs'?: (number | string | Long);
  /**
   * Monotonic per agent process, so a client can tell events apart.
   */
  'sequence'?: (number | string | Long);
}

export interface InstanceEvent__Output {
  'instanceId': (string);
  'type': (_strata_v1_InstanceEventType__Output);
  'atMs': (number);
  'message': (string);
  /**
   * For CRASHED: exit code (-1 when killed by a signal) and signal name ("SIGKILL").
   */
  'exitCode': (number);
  'signal': (string);
  'backoffMs': (number);
  /**
   * Monotonic per agent process, so a client can tell events apart.
   */
  'sequence': (number);
}
