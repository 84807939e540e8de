// Original file: strata/v1/provisioning.proto

import type { Node as _strata_v1_Node, Node__Output as _strata_v1_Node__Output } from '../../strata/v1/Node';

export interface ListNodesResponse {
  'nodes'?: (_strata_v1_Node)[];
}

export interface ListNodesResponse__Output {
  'nodes': (_strata_v1_Node__Output)[];
}
