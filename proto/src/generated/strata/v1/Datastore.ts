// Original file: strata/v1/provisioning.proto

import type { TieringSettings as _strata_v1_TieringSettings, TieringSettings__Output as _strata_v1_TieringSettings__Output } from '../../strata/v1/TieringSettings';
import type { DatastoreStatus as _strata_v1_DatastoreStatus, DatastoreStatus__Output as _strata_v1_DatastoreStatus__Output } from '../../strata/v1/DatastoreStatus';
import type { Long } from '@grpc/proto-loader';

export interface Datastore {
  'id'?: (string);
  'tenantId'?: (string);
  /**
   * Lower-case letters, digits and '-', 1 to 63 characters; unique within the tenant.
   */
  'name'?: (string);
  /**
   * maxmemory of the datastore, at least 1 MiB.
   */
  'memoryBytes'?: (number | string | Long);
  /**
   * noeviction, allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu,
   * volatile-random or volatile-ttl.
   */
  'evictionPolicy'?: (string);
  /**
   * The datastore's own tiering overrides (partial).
   */
  'tiering'?: (_strata_v1_TieringSettings | null);
  /**
   * Built-in defaults <- tenant defaults <- overrides: what the datastore runs with.
   */
  'effectiveTiering'?: (_strata_v1_TieringSettings | null);
  'status'?: (_strata_v1_DatastoreStatus);
  'statusReason'?: (string);
  /**
   * Where Redis clients connect (empty until placed).
   */
  'host'?: (string);
  'port'?: (number);
  'nodeId'?: (string);
  /**
   * Whether the node holding the datastore answers its health checks.
   */
  'nodeHealthy'?: (boolean);
  /**
   * The password clients AUTH with (rotatable).
   */
  'password'?: (string);
  'createdAtMs'?: (number | string | Long);
  'updatedAtMs'?: (number | string | Long);
  'etag'?: (string);
}

export interface Datastore__Output {
  'id': (string);
  'tenantId': (string);
  /**
   * Lower-case letters, digits and '-', 1 to 63 characters; unique within the tenant.
   */
  'name': (string);
  /**
   * maxmemory of the datastore, at least 1 MiB.
   */
  'memoryBytes': (number);
  /**
   * noeviction, allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu,
   * volatile-random or volatile-ttl.
   */
  'evictionPolicy': (string);
  /**
   * The datastore's own tiering overrides (partial).
   */
  'tiering': (_strata_v1_TieringSettings__Output | null);
  /**
   * Built-in defaults <- tenant defaults <- overrides: what the datastore runs with.
   */
  'effectiveTiering': (_strata_v1_TieringSettings__Output | null);
  'status': (_strata_v1_DatastoreStatus__Output);
  'statusReason': (string);
  /**
   * Where Redis clients connect (empty until placed).
   */
  'host': (string);
  'port': (number);
  'nodeId': (string);
  /**
   * Whether the node holding the datastore answers its health checks.
   */
  'nodeHealthy': (boolean);
  /**
   * The password clients AUTH with (rotatable).
   */
  'password': (string);
  'createdAtMs': (number);
  'updatedAtMs': (number);
  'etag': (string);
}
