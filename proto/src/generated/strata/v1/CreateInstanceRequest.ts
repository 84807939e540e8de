// Original file: strata/v1/agent.proto

import type { TieringSettings as _strata_v1_TieringSettings, TieringSettings__Output as _strata_v1_TieringSettings__Output } from '../../strata/v1/TieringSettings';
import type { Long } from '@grpc/proto-loader';

export interface CreateInstanceRequest {
  /**
   * Lower-case letters, digits and '-', 1 to 63 characters, starting with a letter or digit.
   */
  'instanceId'?: (string);
  /**
   * maxmemory of the process: at least 1 MiB, and within the node's free memory budget.
   */
  'maxmemoryBytes'?: (number | string | Long);
  /**
   * One of noeviction, allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu,
   * volatile-random, volatile-ttl. Empty means noeviction.
   */
  'maxmemoryPolicy'?: (string);
  /**
   * The password clients AUTH with: 16 to 512 printable ASCII characters without spaces, not
   * starting with "-". Empty means the agent generates one (returned in the response).
   */
  'password'?: (string);
  /**
   * Tiering settings; absent fields take the built-in defaults.
   */
  'tiering'?: (_strata_v1_TieringSettings | null);
  /**
   * A port inside the node's range; 0 means the agent picks a free one.
   */
  'port'?: (number);
}

export interface CreateInstanceRequest__Output {
  /**
   * Lower-case letters, digits and '-', 1 to 63 characters, starting with a letter or digit.
   */
  'instanceId': (string);
  /**
   * maxmemory of the process: at least 1 MiB, and within the node's free memory budget.
   */
  'maxmemoryBytes': (number);
  /**
   * One of noeviction, allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu,
   * volatile-random, volatile-ttl. Empty means noeviction.
   */
  'maxmemoryPolicy': (string);
  /**
   * The password clients AUTH with: 16 to 512 printable ASCII characters without spaces, not
   * starting with "-". Empty means the agent generates one (returned in the response).
   */
  'password': (string);
  /**
   * Tiering settings; absent fields take the built-in defaults.
   */
  'tiering': (_strata_v1_TieringSettings__Output | null);
  /**
   * A port inside the node's range; 0 means the agent picks a free one.
   */
  'port': (number);
}
