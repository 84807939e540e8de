// Original file: strata/v1/provisioning.proto

import type { Long } from '@grpc/proto-loader';

export interface Node {
  'id'?: (string);
  'name'?: (string);
  'address'?: (string);
  'advertiseHost'?: (string);
  /**
   * healthy, unhealthy or draining.
   */
  'status'?: (string);
  'draining'?: (boolean);
  'memoryBudgetBytes'?: (number | string | Long);
  'memoryFreeBytes'?: (number | string | Long);
  'diskCapacityBytes'?: (number | string | Long);
  'diskFreeBytes'?: (number | string | Long);
  'instanceCount'?: (number);
  'lastSeenAtMs'?: (number | string | Long);
  'lastError'?: (string);
}

export interface Node__Output {
  'id': (string);
  'name': (string);
  'address': (string);
  'advertiseHost': (string);
  /**
   * healthy, unhealthy or draining.
   */
  'status': (string);
  'draining': (boolean);
  'memoryBudgetBytes': (number);
  'memoryFreeBytes': (number);
  'diskCapacityBytes': (number);
  'diskFreeBytes': (number);
  'instanceCount': (number);
  'lastSeenAtMs': (number);
  'lastError': (string);
}
