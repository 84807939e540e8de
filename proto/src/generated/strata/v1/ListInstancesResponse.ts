// Original file: strata/v1/agent.proto

import type { Instance as _strata_v1_Instance, Instance__Output as _strata_v1_Instance__Output } from '../../strata/v1/Instance';

export interface ListInstancesResponse {
  'instances'?: (_strata_v1_Instance)[];
}

export interface ListInstancesResponse__Output {
  'instances': (_strata_v1_Instance__Output)[];
}
