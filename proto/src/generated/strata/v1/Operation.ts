// Original file: strata/v1/provisioning.proto

import type { Long } from '@grpc/proto-loader';

export interface Operation {
  'id'?: (string);
  /**
   * create_datastore, update_datastore, delete_datastore, rotate_password, update_tenant.
   */
  'kind'?: (string);
  'targetType'?: (string);
  'targetId'?: (string);
  /**
   * pending, running, succeeded or failed.
   */
  'status'?: (string);
  'done'?: (boolean);
  'error'?: (string);
  'createdAtMs'?: (number | string | Long);
  'updatedAtMs'?: (number | string | Long);
}

export interface Operation__Output {
  'id': (string);
  /**
   * create_datastore, update_datastore, delete_datastore, rotate_password, update_tenant.
   */
  'kind': (string);
  'targetType': (string);
  'targetId': (string);
  /**
   * pending, running, succeeded or failed.
   */
  'status': (string);
  'done': (boolean);
  'error': (string);
  'createdAtMs': (number);
  'updatedAtMs': (number);
}
