// Original file: strata/v1/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateInstanceRequest as _strata_v1_CreateInstanceRequest, CreateInstanceRequest__Output as _strata_v1_CreateInstanceRequest__Output } from '../../strata/v1/CreateInstanceRequest';
import type { DeleteInstanceRequest as _strata_v1_DeleteInstanceRequest, DeleteInstanceRequest__Output as _strata_v1_DeleteInstanceRequest__Output } from '../../strata/v1/DeleteInstanceRequest';
import type { DeleteInstanceResponse as _strata_v1_DeleteInstanceResponse, DeleteInstanceResponse__Output as _strata_v1_DeleteInstanceResponse__Output } from '../../strata/v1/DeleteInstanceResponse';
import type { GetInstanceRequest as _strata_v1_GetInstanceRequest, GetInstanceRequest__Output as _strata_v1_GetInstanceRequest__Output } from '../../strata/v1/GetInstanceRequest';
import type { GetInstanceStatsRequest as _strata_v1_GetInstanceStatsRequest, GetInstanceStatsRequest__Output as _strata_v1_GetInstanceStatsRequest__Output } from '../../strata/v1/GetInstanceStatsRequest';
import type { GetNodeInfoRequest as _strata_v1_GetNodeInfoRequest, GetNodeInfoRequest__Output as _strata_v1_GetNodeInfoRequest__Output } from '../../strata/v1/GetNodeInfoRequest';
import type { Instance as _strata_v1_Instance, Instance__Output as _strata_v1_Instance__Output } from '../../strata/v1/Instance';
import type { InstanceEvent as _strata_v1_InstanceEvent, InstanceEvent__Output as _strata_v1_InstanceEvent__Output } from '../../strata/v1/InstanceEvent';
import type { InstanceStats as _strata_v1_InstanceStats, InstanceStats__Output as _strata_v1_InstanceStats__Output } from '../../strata/v1/InstanceStats';
import type { ListInstancesRequest as _strata_v1_ListInstancesRequest, ListInstancesRequest__Output as _strata_v1_ListInstancesRequest__Output } from '../../strata/v1/ListInstancesRequest';
import type { ListInstancesResponse as _strata_v1_ListInstancesResponse, ListInstancesResponse__Output as _strata_v1_ListInstancesResponse__Output } from '../../strata/v1/ListInstancesResponse';
import type { NodeInfo as _strata_v1_NodeInfo, NodeInfo__Output as _strata_v1_NodeInfo__Output } from '../../strata/v1/NodeInfo';
import type { RestartInstanceRequest as _strata_v1_RestartInstanceRequest, RestartInstanceRequest__Output as _strata_v1_RestartInstanceRequest__Output } from '../../strata/v1/RestartInstanceRequest';
import type { RotatePasswordRequest as _strata_v1_RotatePasswordRequest, RotatePasswordRequest__Output as _strata_v1_RotatePasswordRequest__Output } from '../../strata/v1/RotatePasswordRequest';
import type { UpdateInstanceRequest as _strata_v1_UpdateInstanceRequest, UpdateInstanceRequest__Output as _strata_v1_UpdateInstanceRequest__Output } from '../../strata/v1/UpdateInstanceRequest';
import type { UpdateInstanceResponse as _strata_v1_UpdateInstanceResponse, UpdateInstanceResponse__Output as _strata_v1_UpdateInstanceResponse__Output } from '../../strata/v1/UpdateInstanceResponse';
import type { WatchEventsRequest as _strata_v1_WatchEventsRequest, WatchEventsRequest__Output as _strata_v1_WatchEventsRequest__Output } from '../../strata/v1/WatchEventsRequest';
import type { WatchStatsRequest as _strata_v1_WatchStatsRequest, WatchStatsRequest__Output as _strata_v1_WatchStatsRequest__Output } from '../../strata/v1/WatchStatsRequest';

export interface NodeAgentClient extends grpc.Client {
  /**
   * Starts a datastore process. Idempotent on instance_id: repeating a create with the same spec
   * returns the existing instance (with its password); a different spec is ALREADY_EXISTS.
   * Returns once the process answers PING (state RUNNING) or failed to start.
   */
  CreateInstance(argument: _strata_v1_CreateInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  CreateInstance(argument: _strata_v1_CreateInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  CreateInstance(argument: _strata_v1_CreateInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  CreateInstance(argument: _strata_v1_CreateInstanceRequest, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a datastore process. Idempotent on instance_id: repeating a create with the same spec
   * returns the existing instance (with its password); a different spec is ALREADY_EXISTS.
   * Returns once the process answers PING (state RUNNING) or failed to start.
   */
  createInstance(argument: _strata_v1_CreateInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  createInstance(argument: _strata_v1_CreateInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  createInstance(argument: _strata_v1_CreateInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  createInstance(argument: _strata_v1_CreateInstanceRequest, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  
  /**
   * Stops the process and removes its tier files and its directory under the NVMe path.
   * Idempotent: deleting an unknown id succeeds with existed = false.
   */
  DeleteInstance(argument: _strata_v1_DeleteInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DeleteInstanceResponse__Output>): grpc.ClientUnaryCall;
  DeleteInstance(argument: _strata_v1_DeleteInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DeleteInstanceResponse__Output>): grpc.ClientUnaryCall;
  DeleteInstance(argument: _strata_v1_DeleteInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DeleteInstanceResponse__Output>): grpc.ClientUnaryCall;
  DeleteInstance(argument: _strata_v1_DeleteInstanceRequest, callback: grpc.requestCallback<_strata_v1_DeleteInstanceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stops the process and removes its tier files and its directory under the NVMe path.
   * Idempotent: deleting an unknown id succeeds with existed = false.
   */
  deleteInstance(argument: _strata_v1_DeleteInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DeleteInstanceResponse__Output>): grpc.ClientUnaryCall;
  deleteInstance(argument: _strata_v1_DeleteInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DeleteInstanceResponse__Output>): grpc.ClientUnaryCall;
  deleteInstance(argument: _strata_v1_DeleteInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DeleteInstanceResponse__Output>): grpc.ClientUnaryCall;
  deleteInstance(argument: _strata_v1_DeleteInstanceRequest, callback: grpc.requestCallback<_strata_v1_DeleteInstanceResponse__Output>): grpc.ClientUnaryCall;
  
  GetInstance(argument: _strata_v1_GetInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  GetInstance(argument: _strata_v1_GetInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  GetInstance(argument: _strata_v1_GetInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  GetInstance(argument: _strata_v1_GetInstanceRequest, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  getInstance(argument: _strata_v1_GetInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  getInstance(argument: _strata_v1_GetInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  getInstance(argument: _strata_v1_GetInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  getInstance(argument: _strata_v1_GetInstanceRequest, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  
  /**
   * The figures of INFO, read now.
   */
  GetInstanceStats(argument: _strata_v1_GetInstanceStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_InstanceStats__Output>): grpc.ClientUnaryCall;
  GetInstanceStats(argument: _strata_v1_GetInstanceStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_InstanceStats__Output>): grpc.ClientUnaryCall;
  GetInstanceStats(argument: _strata_v1_GetInstanceStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_InstanceStats__Output>): grpc.ClientUnaryCall;
  GetInstanceStats(argument: _strata_v1_GetInstanceStatsRequest, callback: grpc.requestCallback<_strata_v1_InstanceStats__Output>): grpc.ClientUnaryCall;
  /**
   * The figures of INFO, read now.
   */
  getInstanceStats(argument: _strata_v1_GetInstanceStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_InstanceStats__Output>): grpc.ClientUnaryCall;
  getInstanceStats(argument: _strata_v1_GetInstanceStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_InstanceStats__Output>): grpc.ClientUnaryCall;
  getInstanceStats(argument: _strata_v1_GetInstanceStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_InstanceStats__Output>): grpc.ClientUnaryCall;
  getInstanceStats(argument: _strata_v1_GetInstanceStatsRequest, callback: grpc.requestCallback<_strata_v1_InstanceStats__Output>): grpc.ClientUnaryCall;
  
  /**
   * Capacity and software of this node.
   */
  GetNodeInfo(argument: _strata_v1_GetNodeInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  GetNodeInfo(argument: _strata_v1_GetNodeInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  GetNodeInfo(argument: _strata_v1_GetNodeInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  GetNodeInfo(argument: _strata_v1_GetNodeInfoRequest, callback: grpc.requestCallback<_strata_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  /**
   * Capacity and software of this node.
   */
  getNodeInfo(argument: _strata_v1_GetNodeInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  getNodeInfo(argument: _strata_v1_GetNodeInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  getNodeInfo(argument: _strata_v1_GetNodeInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  getNodeInfo(argument: _strata_v1_GetNodeInfoRequest, callback: grpc.requestCallback<_strata_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  
  ListInstances(argument: _strata_v1_ListInstancesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  ListInstances(argument: _strata_v1_ListInstancesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  ListInstances(argument: _strata_v1_ListInstancesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  ListInstances(argument: _strata_v1_ListInstancesRequest, callback: grpc.requestCallback<_strata_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  listInstances(argument: _strata_v1_ListInstancesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  listInstances(argument: _strata_v1_ListInstancesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  listInstances(argument: _strata_v1_ListInstancesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  listInstances(argument: _strata_v1_ListInstancesRequest, callback: grpc.requestCallback<_strata_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Stops and starts the process again (also takes a FAILED instance out of FAILED).
   */
  RestartInstance(argument: _strata_v1_RestartInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  RestartInstance(argument: _strata_v1_RestartInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  RestartInstance(argument: _strata_v1_RestartInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  RestartInstance(argument: _strata_v1_RestartInstanceRequest, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  /**
   * Stops and starts the process again (also takes a FAILED instance out of FAILED).
   */
  restartInstance(argument: _strata_v1_RestartInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  restartInstance(argument: _strata_v1_RestartInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  restartInstance(argument: _strata_v1_RestartInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  restartInstance(argument: _strata_v1_RestartInstanceRequest, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sets a new password (CONFIG SET requirepass, persisted for later restarts). Existing
   * connections stay authenticated, as in Redis.
   */
  RotatePassword(argument: _strata_v1_RotatePasswordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  RotatePassword(argument: _strata_v1_RotatePasswordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  RotatePassword(argument: _strata_v1_RotatePasswordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  RotatePassword(argument: _strata_v1_RotatePasswordRequest, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  /**
   * Sets a new password (CONFIG SET requirepass, persisted for later restarts). Existing
   * connections stay authenticated, as in Redis.
   */
  rotatePassword(argument: _strata_v1_RotatePasswordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  rotatePassword(argument: _strata_v1_RotatePasswordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  rotatePassword(argument: _strata_v1_RotatePasswordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  rotatePassword(argument: _strata_v1_RotatePasswordRequest, callback: grpc.requestCallback<_strata_v1_Instance__Output>): grpc.ClientUnaryCall;
  
  /**
   * Changes maxmemory, the eviction policy and tiering settings. Applied live with CONFIG SET where
   * the server supports it; otherwise the process is restarted, and the response says so and why.
   */
  UpdateInstance(argument: _strata_v1_UpdateInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_UpdateInstanceResponse__Output>): grpc.ClientUnaryCall;
  UpdateInstance(argument: _strata_v1_UpdateInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_UpdateInstanceResponse__Output>): grpc.ClientUnaryCall;
  UpdateInstance(argument: _strata_v1_UpdateInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_UpdateInstanceResponse__Output>): grpc.ClientUnaryCall;
  UpdateInstance(argument: _strata_v1_UpdateInstanceRequest, callback: grpc.requestCallback<_strata_v1_UpdateInstanceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Changes maxmemory, the eviction policy and tiering settings. Applied live with CONFIG SET where
   * the server supports it; otherwise the process is restarted, and the response says so and why.
   */
  updateInstance(argument: _strata_v1_UpdateInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_UpdateInstanceResponse__Output>): grpc.ClientUnaryCall;
  updateInstance(argument: _strata_v1_UpdateInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_UpdateInstanceResponse__Output>): grpc.ClientUnaryCall;
  updateInstance(argument: _strata_v1_UpdateInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_UpdateInstanceResponse__Output>): grpc.ClientUnaryCall;
  updateInstance(argument: _strata_v1_UpdateInstanceRequest, callback: grpc.requestCallback<_strata_v1_UpdateInstanceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Instance events (started, crashed, restarted, failed, adopted, ...) as they happen; with
   * include_recent, first the events the agent still holds (most recent 100 per instance).
   */
  WatchEvents(argument: _strata_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_strata_v1_InstanceEvent__Output>;
  WatchEvents(argument: _strata_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_strata_v1_InstanceEvent__Output>;
  /**
   * Instance events (started, crashed, restarted, failed, adopted, ...) as they happen; with
   * include_recent, first the events the agent still holds (most recent 100 per instance).
   */
  watchEvents(argument: _strata_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_strata_v1_InstanceEvent__Output>;
  watchEvents(argument: _strata_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_strata_v1_InstanceEvent__Output>;
  
  /**
   * One InstanceStats per instance every interval_ms, until the client cancels.
   */
  WatchStats(argument: _strata_v1_WatchStatsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_strata_v1_InstanceStats__Output>;
  WatchStats(argument: _strata_v1_WatchStatsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_strata_v1_InstanceStats__Output>;
  /**
   * One InstanceStats per instance every interval_ms, until the client cancels.
   */
  watchStats(argument: _strata_v1_WatchStatsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_strata_v1_InstanceStats__Output>;
  watchStats(argument: _strata_v1_WatchStatsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_strata_v1_InstanceStats__Output>;
  
}

export interface NodeAgentHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Starts a datastore process. Idempotent on instance_id: repeating a create with the same spec
   * returns the existing instance (with its password); a different spec is ALREADY_EXISTS.
   * Returns once the process answers PING (state RUNNING) or failed to start.
   */
  CreateInstance: grpc.handleUnaryCall<_strata_v1_CreateInstanceRequest__Output, _strata_v1_Instance>;
  
  /**
   * Stops the process and removes its tier files and its directory under the NVMe path.
   * Idempotent: deleting an unknown id succeeds with existed = false.
   */
  DeleteInstance: grpc.handleUnaryCall<_strata_v1_DeleteInstanceRequest__Output, _strata_v1_DeleteInstanceResponse>;
  
  GetInstance: grpc.handleUnaryCall<_strata_v1_GetInstanceRequest__Output, _strata_v1_Instance>;
  
  /**
   * The figures of INFO, read now.
   */
  GetInstanceStats: grpc.handleUnaryCall<_strata_v1_GetInstanceStatsRequest__Output, _strata_v1_InstanceStats>;
  
  /**
   * Capacity and software of this node.
   */
  GetNodeInfo: grpc.handleUnaryCall<_strata_v1_GetNodeInfoRequest__Output, _strata_v1_NodeInfo>;
  
  ListInstances: grpc.handleUnaryCall<_strata_v1_ListInstancesRequest__Output, _strata_v1_ListInstancesResponse>;
  
  /**
   * Stops and starts the process again (also takes a FAILED instance out of FAILED).
   */
  RestartInstance: grpc.handleUnaryCall<_strata_v1_RestartInstanceRequest__Output, _strata_v1_Instance>;
  
  /**
   * Sets a new password (CONFIG SET requirepass, persisted for later restarts). Existing
   * connections stay authenticated, as in Redis.
   */
  RotatePassword: grpc.handleUnaryCall<_strata_v1_RotatePasswordRequest__Output, _strata_v1_Instance>;
  
  /**
   * Changes maxmemory, the eviction policy and tiering settings. Applied live with CONFIG SET where
   * the server supports it; otherwise the process is restarted, and the response says so and why.
   */
  UpdateInstance: grpc.handleUnaryCall<_strata_v1_UpdateInstanceRequest__Output, _strata_v1_UpdateInstanceResponse>;
  
  /**
   * Instance events (started, crashed, restarted, failed, adopted, ...) as they happen; with
   * include_recent, first the events the agent still holds (most recent 100 per instance).
   */
  WatchEvents: grpc.handleServerStreamingCall<_strata_v1_WatchEventsRequest__Output, _strata_v1_InstanceEvent>;
  
  /**
   * One InstanceStats per instance every interval_ms, until the client cancels.
   */
  WatchStats: grpc.handleServerStreamingCall<_strata_v1_WatchStatsRequest__Output, _strata_v1_InstanceStats>;
  
}

export interface NodeAgentDefinition extends grpc.ServiceDefinition {
  CreateInstance: MethodDefinition<_strata_v1_CreateInstanceRequest, _strata_v1_Instance, _strata_v1_CreateInstanceRequest__Output, _strata_v1_Instance__Output>
  DeleteInstance: MethodDefinition<_strata_v1_DeleteInstanceRequest, _strata_v1_DeleteInstanceResponse, _strata_v1_DeleteInstanceRequest__Output, _strata_v1_DeleteInstanceResponse__Output>
  GetInstance: MethodDefinition<_strata_v1_GetInstanceRequest, _strata_v1_Instance, _strata_v1_GetInstanceRequest__Output, _strata_v1_Instance__Output>
  GetInstanceStats: MethodDefinition<_strata_v1_GetInstanceStatsRequest, _strata_v1_InstanceStats, _strata_v1_GetInstanceStatsRequest__Output, _strata_v1_InstanceStats__Output>
  GetNodeInfo: MethodDefinition<_strata_v1_GetNodeInfoRequest, _strata_v1_NodeInfo, _strata_v1_GetNodeInfoRequest__Output, _strata_v1_NodeInfo__Output>
  ListInstances: MethodDefinition<_strata_v1_ListInstancesRequest, _strata_v1_ListInstancesResponse, _strata_v1_ListInstancesRequest__Output, _strata_v1_ListInstancesResponse__Output>
  RestartInstance: MethodDefinition<_strata_v1_RestartInstanceRequest, _strata_v1_Instance, _strata_v1_RestartInstanceRequest__Output, _strata_v1_Instance__Output>
  RotatePassword: MethodDefinition<_strata_v1_RotatePasswordRequest, _strata_v1_Instance, _strata_v1_RotatePasswordRequest__Output, _strata_v1_Instance__Output>
  UpdateInstance: MethodDefinition<_strata_v1_UpdateInstanceRequest, _strata_v1_UpdateInstanceResponse, _strata_v1_UpdateInstanceRequest__Output, _strata_v1_UpdateInstanceResponse__Output>
  WatchEvents: MethodDefinition<_strata_v1_WatchEventsRequest, _strata_v1_InstanceEvent, _strata_v1_WatchEventsRequest__Output, _strata_v1_InstanceEvent__Output>
  WatchStats: MethodDefinition<_strata_v1_WatchStatsRequest, _strata_v1_InstanceStats, _strata_v1_WatchStatsRequest__Output, _strata_v1_InstanceStats__Output>
}
