// Original file: strata/v1/agent.proto

import type { InstanceState as _strata_v1_InstanceState, InstanceState__Output as _strata_v1_InstanceState__Output } from '../../strata/v1/InstanceState';
import type { TieredStats as _strata_v1_TieredStats, TieredStats__Output as _strata_v1_TieredStats__Output } from '../../strata/v1/TieredStats';
import type { Long } from '@grpc/proto-loader';

export interface InstanceStats {
  'instanceId'?: (string);
  'collectedAtMs'?: (number | string | Long);
  /**
   * False when INFO could not be read (process down, starting, ...); error says why.
   */
  'available'?: (boolean);
  'error'?: (string);
  'state'?: (_strata_v1_InstanceState);
  /**
   * Memory section.
   */
  'usedMemory'?: (number | string | Long);
  'usedMemoryPeak'?: (number | string | Long);
  'usedMemoryRss'?: (number | string | Long);
  'maxmemory'?: (number | string | Long);
  /**
   * Keyspace section, summed over databases.
   */
  'keys'?: (number | string | Long);
  'expires'?: (number | string | Long);
  /**
   * Stats and clients sections.
   */
  'totalCommandsProcessed'?: (number | string | Long);
  'instantaneousOpsPerSec'?: (number | string);
  'keyspaceHits'?: (number | string | Long);
  'keyspaceMisses'?: (number | string | Long);
  'evictedKeys'?: (number | string | Long);
  'expiredKeys'?: (number | string | Long);
  'connectedClients'?: (number | string | Long);
  'uptimeInSeconds'?: (number | string | Long);
  /**
   * The tiered section (all zero when the server has none).
   */
  'tiered'?: (_strata_v1_TieredStats | null);
  /**
   * Every field of INFO as text, by name, for figures not listed above.
   */
  'raw'?: ({[key: string]: string});
}

export interface InstanceStats__Output {
  'instanceId': (string);
  'collectedAtMs': (number);
  /**
   * False when INFO could not be read (process down, starting, ...); error says why.
   */
  'available': (boolean);
  'error': (string);
  'state': (_strata_v1_InstanceState__Output);
  /**
   * Memory section.
   */
  'usedMemory': (number);
  'usedMemoryPeak': (number);
  'usedMemoryRss': (number);
  'maxmemory': (number);
  /**
   * Keyspace section, summed over databases.
   */
  'keys': (number);
  'expires': (number);
  /**
   * Stats and clients sections.
   */
  'totalCommandsProcessed': (number);
  'instantaneousOpsPerSec': (number);
  'keyspaceHits': (number);
  'keyspaceMisses': (number);
  'evictedKeys': (number);
  'expiredKeys': (number);
  'connectedClients': (number);
  'uptimeInSeconds': (number);
  /**
   * The tiered section (all zero when the server has none).
   */
  'tiered': (_strata_v1_TieredStats__Output | null);
  /**
   * Every field of INFO as text, by name, for figures not listed above.
   */
  'raw': ({[key: string]: string});
}
