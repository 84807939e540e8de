import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CreateInstanceRequest as _strata_v1_CreateInstanceRequest, CreateInstanceRequest__Output as _strata_v1_CreateInstanceRequest__Output } from './strata/v1/CreateInstanceRequest';
import type { DeleteInstanceRequest as _strata_v1_DeleteInstanceRequest, DeleteInstanceRequest__Output as _strata_v1_DeleteInstanceRequest__Output } from './strata/v1/DeleteInstanceRequest';
import type { DeleteInstanceResponse as _strata_v1_DeleteInstanceResponse, DeleteInstanceResponse__Output as _strata_v1_DeleteInstanceResponse__Output } from './strata/v1/DeleteInstanceResponse';
import type { GetInstanceRequest as _strata_v1_GetInstanceRequest, GetInstanceRequest__Output as _strata_v1_GetInstanceRequest__Output } from './strata/v1/GetInstanceRequest';
import type { GetInstanceStatsRequest as _strata_v1_GetInstanceStatsRequest, GetInstanceStatsRequest__Output as _strata_v1_GetInstanceStatsRequest__Output } from './strata/v1/GetInstanceStatsRequest';
import type { GetNodeInfoRequest as _strata_v1_GetNodeInfoRequest, GetNodeInfoRequest__Output as _strata_v1_GetNodeInfoRequest__Output } from './strata/v1/GetNodeInfoRequest';
import type { HashTieringSettings as _strata_v1_HashTieringSettings, HashTieringSettings__Output as _strata_v1_HashTieringSettings__Output } from './strata/v1/HashTieringSettings';
import type { Instance as _strata_v1_Instance, Instance__Output as _strata_v1_Instance__Output } from './strata/v1/Instance';
import type { InstanceEvent as _strata_v1_InstanceEvent, InstanceEvent__Output as _strata_v1_InstanceEvent__Output } from './strata/v1/InstanceEvent';
import type { InstanceStats as _strata_v1_InstanceStats, InstanceStats__Output as _strata_v1_InstanceStats__Output } from './strata/v1/InstanceStats';
import type { ListInstancesRequest as _strata_v1_ListInstancesRequest, ListInstancesRequest__Output as _strata_v1_ListInstancesRequest__Output } from './strata/v1/ListInstancesRequest';
import type { ListInstancesResponse as _strata_v1_ListInstancesResponse, ListInstancesResponse__Output as _strata_v1_ListInstancesResponse__Output } from './strata/v1/ListInstancesResponse';
import type { ListTieringSettings as _strata_v1_ListTieringSettings, ListTieringSettings__Output as _strata_v1_ListTieringSettings__Output } from './strata/v1/ListTieringSettings';
import type { NodeAgentClient as _strata_v1_NodeAgentClient, NodeAgentDefinition as _strata_v1_NodeAgentDefinition } from './strata/v1/NodeAgent';
import type { NodeInfo as _strata_v1_NodeInfo, NodeInfo__Output as _strata_v1_NodeInfo__Output } from './strata/v1/NodeInfo';
import type { RestartInstanceRequest as _strata_v1_RestartInstanceRequest, RestartInstanceRequest__Output as _strata_v1_RestartInstanceRequest__Output } from './strata/v1/RestartInstanceRequest';
import type { RotatePasswordRequest as _strata_v1_RotatePasswordRequest, RotatePasswordRequest__Output as _strata_v1_RotatePasswordRequest__Output } from './strata/v1/RotatePasswordRequest';
import type { TieredStats as _strata_v1_TieredStats, TieredStats__Output as _strata_v1_TieredStats__Output } from './strata/v1/TieredStats';
import type { TieringSettings as _strata_v1_TieringSettings, TieringSettings__Output as _strata_v1_TieringSettings__Output } from './strata/v1/TieringSettings';
import type { UpdateInstanceRequest as _strata_v1_UpdateInstanceRequest, UpdateInstanceRequest__Output as _strata_v1_UpdateInstanceRequest__Output } from './strata/v1/UpdateInstanceRequest';
import type { UpdateInstanceResponse as _strata_v1_UpdateInstanceResponse, UpdateInstanceResponse__Output as _strata_v1_UpdateInstanceResponse__Output } from './strata/v1/UpdateInstanceResponse';
import type { WatchEventsRequest as _strata_v1_WatchEventsRequest, WatchEventsRequest__Output as _strata_v1_WatchEventsRequest__Output } from './strata/v1/WatchEventsRequest';
import type { WatchStatsRequest as _strata_v1_WatchStatsRequest, WatchStatsRequest__Output as _strata_v1_WatchStatsRequest__Output } from './strata/v1/WatchStatsRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  strata: {
    v1: {
      CreateInstanceRequest: MessageTypeDefinition<_strata_v1_CreateInstanceRequest, _strata_v1_CreateInstanceRequest__Output>
      DeleteInstanceRequest: MessageTypeDefinition<_strata_v1_DeleteInstanceRequest, _strata_v1_DeleteInstanceRequest__Output>
      DeleteInstanceResponse: MessageTypeDefinition<_strata_v1_DeleteInstanceResponse, _strata_v1_DeleteInstanceResponse__Output>
      GetInstanceRequest: MessageTypeDefinition<_strata_v1_GetInstanceRequest, _strata_v1_GetInstanceRequest__Output>
      GetInstanceStatsRequest: MessageTypeDefinition<_strata_v1_GetInstanceStatsRequest, _strata_v1_GetInstanceStatsRequest__Output>
      GetNodeInfoRequest: MessageTypeDefinition<_strata_v1_GetNodeInfoRequest, _strata_v1_GetNodeInfoRequest__Output>
      HashTieringSettings: MessageTypeDefinition<_strata_v1_HashTieringSettings, _strata_v1_HashTieringSettings__Output>
      Instance: MessageTypeDefinition<_strata_v1_Instance, _strata_v1_Instance__Output>
      InstanceEvent: MessageTypeDefinition<_strata_v1_InstanceEvent, _strata_v1_InstanceEvent__Output>
      InstanceEventType: EnumTypeDefinition
      InstanceState: EnumTypeDefinition
      InstanceStats: MessageTypeDefinition<_strata_v1_InstanceStats, _strata_v1_InstanceStats__Output>
      ListInstancesRequest: MessageTypeDefinition<_strata_v1_ListInstancesRequest, _strata_v1_ListInstancesRequest__Output>
      ListInstancesResponse: MessageTypeDefinition<_strata_v1_ListInstancesResponse, _strata_v1_ListInstancesResponse__Output>
      ListTieringSettings: MessageTypeDefinition<_strata_v1_ListTieringSettings, _strata_v1_ListTieringSettings__Output>
      NodeAgent: SubtypeConstructor<typeof grpc.Client, _strata_v1_NodeAgentClient> & { service: _strata_v1_NodeAgentDefinition }
      NodeInfo: MessageTypeDefinition<_strata_v1_NodeInfo, _strata_v1_NodeInfo__Output>
      RestartInstanceRequest: MessageTypeDefinition<_strata_v1_RestartInstanceRequest, _strata_v1_RestartInstanceRequest__Output>
      RotatePasswordRequest: MessageTypeDefinition<_strata_v1_RotatePasswordRequest, _strata_v1_RotatePasswordRequest__Output>
      TieredStats: MessageTypeDefinition<_strata_v1_TieredStats, _strata_v1_TieredStats__Output>
      TieringSettings: MessageTypeDefinition<_strata_v1_TieringSettings, _strata_v1_TieringSettings__Output>
      UpdateInstanceRequest: MessageTypeDefinition<_strata_v1_UpdateInstanceRequest, _strata_v1_UpdateInstanceRequest__Output>
      UpdateInstanceResponse: MessageTypeDefinition<_strata_v1_UpdateInstanceResponse, _strata_v1_UpdateInstanceResponse__Output>
      WatchEventsRequest: MessageTypeDefinition<_strata_v1_WatchEventsRequest, _strata_v1_WatchEventsRequest__Output>
      WatchStatsRequest: MessageTypeDefinition<_strata_v1_WatchStatsRequest, _strata_v1_WatchStatsRequest__Output>
    }
  }
}

