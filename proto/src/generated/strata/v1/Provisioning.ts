// Original file: strata/v1/provisioning.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateDatastoreRequest as _strata_v1_CreateDatastoreRequest, CreateDatastoreRequest__Output as _strata_v1_CreateDatastoreRequest__Output } from '../../strata/v1/CreateDatastoreRequest';
import type { CreateTenantRequest as _strata_v1_CreateTenantRequest, CreateTenantRequest__Output as _strata_v1_CreateTenantRequest__Output } from '../../strata/v1/CreateTenantRequest';
import type { Datastore as _strata_v1_Datastore, Datastore__Output as _strata_v1_Datastore__Output } from '../../strata/v1/Datastore';
import type { DatastoreOperation as _strata_v1_DatastoreOperation, DatastoreOperation__Output as _strata_v1_DatastoreOperation__Output } from '../../strata/v1/DatastoreOperation';
import type { DeleteDatastoreRequest as _strata_v1_DeleteDatastoreRequest, DeleteDatastoreRequest__Output as _strata_v1_DeleteDatastoreRequest__Output } from '../../strata/v1/DeleteDatastoreRequest';
import type { GetDatastoreRequest as _strata_v1_GetDatastoreRequest, GetDatastoreRequest__Output as _strata_v1_GetDatastoreRequest__Output } from '../../strata/v1/GetDatastoreRequest';
import type { GetOperationRequest as _strata_v1_GetOperationRequest, GetOperationRequest__Output as _strata_v1_GetOperationRequest__Output } from '../../strata/v1/GetOperationRequest';
import type { GetTenantRequest as _strata_v1_GetTenantRequest, GetTenantRequest__Output as _strata_v1_GetTenantRequest__Output } from '../../strata/v1/GetTenantRequest';
import type { ListDatastoresRequest as _strata_v1_ListDatastoresRequest, ListDatastoresRequest__Output as _strata_v1_ListDatastoresRequest__Output } from '../../strata/v1/ListDatastoresRequest';
import type { ListDatastoresResponse as _strata_v1_ListDatastoresResponse, ListDatastoresResponse__Output as _strata_v1_ListDatastoresResponse__Output } from '../../strata/v1/ListDatastoresResponse';
import type { ListNodesRequest as _strata_v1_ListNodesRequest, ListNodesRequest__Output as _strata_v1_ListNodesRequest__Output } from '../../strata/v1/ListNodesRequest';
import type { ListNodesResponse as _strata_v1_ListNodesResponse, ListNodesResponse__Output as _strata_v1_ListNodesResponse__Output } from '../../strata/v1/ListNodesResponse';
import type { ListTenantsRequest as _strata_v1_ListTenantsRequest, ListTenantsRequest__Output as _strata_v1_ListTenantsRequest__Output } from '../../strata/v1/ListTenantsRequest';
import type { ListTenantsResponse as _strata_v1_ListTenantsResponse, ListTenantsResponse__Output as _strata_v1_ListTenantsResponse__Output } from '../../strata/v1/ListTenantsResponse';
import type { Operation as _strata_v1_Operation, Operation__Output as _strata_v1_Operation__Output } from '../../strata/v1/Operation';
import type { RotateDatastorePasswordRequest as _strata_v1_RotateDatastorePasswordRequest, RotateDatastorePasswordRequest__Output as _strata_v1_RotateDatastorePasswordRequest__Output } from '../../strata/v1/RotateDatastorePasswordRequest';
import type { Tenant as _strata_v1_Tenant, Tenant__Output as _strata_v1_Tenant__Output } from '../../strata/v1/Tenant';
import type { TenantOperation as _strata_v1_TenantOperation, TenantOperation__Output as _strata_v1_TenantOperation__Output } from '../../strata/v1/TenantOperation';
import type { UpdateDatastoreRequest as _strata_v1_UpdateDatastoreRequest, UpdateDatastoreRequest__Output as _strata_v1_UpdateDatastoreRequest__Output } from '../../strata/v1/UpdateDatastoreRequest';
import type { UpdateTenantRequest as _strata_v1_UpdateTenantRequest, UpdateTenantRequest__Output as _strata_v1_UpdateTenantRequest__Output } from '../../strata/v1/UpdateTenantRequest';

export interface ProvisioningClient extends grpc.Client {
  CreateDatastore(argument: _strata_v1_CreateDatastoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  CreateDatastore(argument: _strata_v1_CreateDatastoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  CreateDatastore(argument: _strata_v1_CreateDatastoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  CreateDatastore(argument: _strata_v1_CreateDatastoreRequest, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  createDatastore(argument: _strata_v1_CreateDatastoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  createDatastore(argument: _strata_v1_CreateDatastoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  createDatastore(argument: _strata_v1_CreateDatastoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  createDatastore(argument: _strata_v1_CreateDatastoreRequest, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  
  CreateTenant(argument: _strata_v1_CreateTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  CreateTenant(argument: _strata_v1_CreateTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  CreateTenant(argument: _strata_v1_CreateTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  CreateTenant(argument: _strata_v1_CreateTenantRequest, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  createTenant(argument: _strata_v1_CreateTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  createTenant(argument: _strata_v1_CreateTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  createTenant(argument: _strata_v1_CreateTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  createTenant(argument: _strata_v1_CreateTenantRequest, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  
  DeleteDatastore(argument: _strata_v1_DeleteDatastoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  DeleteDatastore(argument: _strata_v1_DeleteDatastoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  DeleteDatastore(argument: _strata_v1_DeleteDatastoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  DeleteDatastore(argument: _strata_v1_DeleteDatastoreRequest, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  deleteDatastore(argument: _strata_v1_DeleteDatastoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  deleteDatastore(argument: _strata_v1_DeleteDatastoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  deleteDatastore(argument: _strata_v1_DeleteDatastoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  deleteDatastore(argument: _strata_v1_DeleteDatastoreRequest, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  
  GetDatastore(argument: _strata_v1_GetDatastoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Datastore__Output>): grpc.ClientUnaryCall;
  GetDatastore(argument: _strata_v1_GetDatastoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Datastore__Output>): grpc.ClientUnaryCall;
  GetDatastore(argument: _strata_v1_GetDatastoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Datastore__Output>): grpc.ClientUnaryCall;
  GetDatastore(argument: _strata_v1_GetDatastoreRequest, callback: grpc.requestCallback<_strata_v1_Datastore__Output>): grpc.ClientUnaryCall;
  getDatastore(argument: _strata_v1_GetDatastoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Datastore__Output>): grpc.ClientUnaryCall;
  getDatastore(argument: _strata_v1_GetDatastoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Datastore__Output>): grpc.ClientUnaryCall;
  getDatastore(argument: _strata_v1_GetDatastoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Datastore__Output>): grpc.ClientUnaryCall;
  getDatastore(argument: _strata_v1_GetDatastoreRequest, callback: grpc.requestCallback<_strata_v1_Datastore__Output>): grpc.ClientUnaryCall;
  
  GetOperation(argument: _strata_v1_GetOperationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Operation__Output>): grpc.ClientUnaryCall;
  GetOperation(argument: _strata_v1_GetOperationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Operation__Output>): grpc.ClientUnaryCall;
  GetOperation(argument: _strata_v1_GetOperationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Operation__Output>): grpc.ClientUnaryCall;
  GetOperation(argument: _strata_v1_GetOperationRequest, callback: grpc.requestCallback<_strata_v1_Operation__Output>): grpc.ClientUnaryCall;
  getOperation(argument: _strata_v1_GetOperationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Operation__Output>): grpc.ClientUnaryCall;
  getOperation(argument: _strata_v1_GetOperationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Operation__Output>): grpc.ClientUnaryCall;
  getOperation(argument: _strata_v1_GetOperationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Operation__Output>): grpc.ClientUnaryCall;
  getOperation(argument: _strata_v1_GetOperationRequest, callback: grpc.requestCallback<_strata_v1_Operation__Output>): grpc.ClientUnaryCall;
  
  GetTenant(argument: _strata_v1_GetTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  GetTenant(argument: _strata_v1_GetTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  GetTenant(argument: _strata_v1_GetTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  GetTenant(argument: _strata_v1_GetTenantRequest, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  getTenant(argument: _strata_v1_GetTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  getTenant(argument: _strata_v1_GetTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  getTenant(argument: _strata_v1_GetTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  getTenant(argument: _strata_v1_GetTenantRequest, callback: grpc.requestCallback<_strata_v1_Tenant__Output>): grpc.ClientUnaryCall;
  
  ListDatastores(argument: _strata_v1_ListDatastoresRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListDatastoresResponse__Output>): grpc.ClientUnaryCall;
  ListDatastores(argument: _strata_v1_ListDatastoresRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ListDatastoresResponse__Output>): grpc.ClientUnaryCall;
  ListDatastores(argument: _strata_v1_ListDatastoresRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListDatastoresResponse__Output>): grpc.ClientUnaryCall;
  ListDatastores(argument: _strata_v1_ListDatastoresRequest, callback: grpc.requestCallback<_strata_v1_ListDatastoresResponse__Output>): grpc.ClientUnaryCall;
  listDatastores(argument: _strata_v1_ListDatastoresRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListDatastoresResponse__Output>): grpc.ClientUnaryCall;
  listDatastores(argument: _strata_v1_ListDatastoresRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ListDatastoresResponse__Output>): grpc.ClientUnaryCall;
  listDatastores(argument: _strata_v1_ListDatastoresRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListDatastoresResponse__Output>): grpc.ClientUnaryCall;
  listDatastores(argument: _strata_v1_ListDatastoresRequest, callback: grpc.requestCallback<_strata_v1_ListDatastoresResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Platform admins only.
   */
  ListNodes(argument: _strata_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _strata_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _strata_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _strata_v1_ListNodesRequest, callback: grpc.requestCallback<_strata_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Platform admins only.
   */
  listNodes(argument: _strata_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _strata_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _strata_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _strata_v1_ListNodesRequest, callback: grpc.requestCallback<_strata_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  
  ListTenants(argument: _strata_v1_ListTenantsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  ListTenants(argument: _strata_v1_ListTenantsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  ListTenants(argument: _strata_v1_ListTenantsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  ListTenants(argument: _strata_v1_ListTenantsRequest, callback: grpc.requestCallback<_strata_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  listTenants(argument: _strata_v1_ListTenantsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  listTenants(argument: _strata_v1_ListTenantsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  listTenants(argument: _strata_v1_ListTenantsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  listTenants(argument: _strata_v1_ListTenantsRequest, callback: grpc.requestCallback<_strata_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  
  RotateDatastorePassword(argument: _strata_v1_RotateDatastorePasswordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  RotateDatastorePassword(argument: _strata_v1_RotateDatastorePasswordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  RotateDatastorePassword(argument: _strata_v1_RotateDatastorePasswordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  RotateDatastorePassword(argument: _strata_v1_RotateDatastorePasswordRequest, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  rotateDatastorePassword(argument: _strata_v1_RotateDatastorePasswordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  rotateDatastorePassword(argument: _strata_v1_RotateDatastorePasswordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  rotateDatastorePassword(argument: _strata_v1_RotateDatastorePasswordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  rotateDatastorePassword(argument: _strata_v1_RotateDatastorePasswordRequest, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  
  UpdateDatastore(argument: _strata_v1_UpdateDatastoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  UpdateDatastore(argument: _strata_v1_UpdateDatastoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  UpdateDatastore(argument: _strata_v1_UpdateDatastoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  UpdateDatastore(argument: _strata_v1_UpdateDatastoreRequest, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  updateDatastore(argument: _strata_v1_UpdateDatastoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  updateDatastore(argument: _strata_v1_UpdateDatastoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  updateDatastore(argument: _strata_v1_UpdateDatastoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  updateDatastore(argument: _strata_v1_UpdateDatastoreRequest, callback: grpc.requestCallback<_strata_v1_DatastoreOperation__Output>): grpc.ClientUnaryCall;
  
  /**
   * Changing the tenant's tiering defaults rolls out to every datastore of the tenant, live.
   */
  UpdateTenant(argument: _strata_v1_UpdateTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_TenantOperation__Output>): grpc.ClientUnaryCall;
  UpdateTenant(argument: _strata_v1_UpdateTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_TenantOperation__Output>): grpc.ClientUnaryCall;
  UpdateTenant(argument: _strata_v1_UpdateTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_TenantOperation__Output>): grpc.ClientUnaryCall;
  UpdateTenant(argument: _strata_v1_UpdateTenantRequest, callback: grpc.requestCallback<_strata_v1_TenantOperation__Output>): grpc.ClientUnaryCall;
  /**
   * Changing the tenant's tiering defaults rolls out to every datastore of the tenant, live.
   */
  updateTenant(argument: _strata_v1_UpdateTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_TenantOperation__Output>): grpc.ClientUnaryCall;
  updateTenant(argument: _strata_v1_UpdateTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_TenantOperation__Output>): grpc.ClientUnaryCall;
  updateTenant(argument: _strata_v1_UpdateTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_TenantOperation__Output>): grpc.ClientUnaryCall;
  updateTenant(argument: _strata_v1_UpdateTenantRequest, callback: grpc.requestCallback<_strata_v1_TenantOperation__Output>): grpc.ClientUnaryCall;
  
}

export interface ProvisioningHandlers extends grpc.UntypedServiceImplementation {
  CreateDatastore: grpc.handleUnaryCall<_strata_v1_CreateDatastoreRequest__Output, _strata_v1_DatastoreOperation>;
  
  CreateTenant: grpc.handleUnaryCall<_strata_v1_CreateTenantRequest__Output, _strata_v1_Tenant>;
  
  DeleteDatastore: grpc.handleUnaryCall<_strata_v1_DeleteDatastoreRequest__Output, _strata_v1_DatastoreOperation>;
  
  GetDatastore: grpc.handleUnaryCall<_strata_v1_GetDatastoreRequest__Output, _strata_v1_Datastore>;
  
  GetOperation: grpc.handleUnaryCall<_strata_v1_GetOperationRequest__Output, _strata_v1_Operation>;
  
  GetTenant: grpc.handleUnaryCall<_strata_v1_GetTenantRequest__Output, _strata_v1_Tenant>;
  
  ListDatastores: grpc.handleUnaryCall<_strata_v1_ListDatastoresRequest__Output, _strata_v1_ListDatastoresResponse>;
  
  /**
   * Platform admins only.
   */
  ListNodes: grpc.handleUnaryCall<_strata_v1_ListNodesRequest__Output, _strata_v1_ListNodesResponse>;
  
  ListTenants: grpc.handleUnaryCall<_strata_v1_ListTenantsRequest__Output, _strata_v1_ListTenantsResponse>;
  
  RotateDatastorePassword: grpc.handleUnaryCall<_strata_v1_RotateDatastorePasswordRequest__Output, _strata_v1_DatastoreOperation>;
  
  UpdateDatastore: grpc.handleUnaryCall<_strata_v1_UpdateDatastoreRequest__Output, _strata_v1_DatastoreOperation>;
  
  /**
   * Changing the tenant's tiering defaults rolls out to every datastore of the tenant, live.
   */
  UpdateTenant: grpc.handleUnaryCall<_strata_v1_UpdateTenantRequest__Output, _strata_v1_TenantOperation>;
  
}

export interface ProvisioningDefinition extends grpc.ServiceDefinition {
  CreateDatastore: MethodDefinition<_strata_v1_CreateDatastoreRequest, _strata_v1_DatastoreOperation, _strata_v1_CreateDatastoreRequest__Output, _strata_v1_DatastoreOperation__Output>
  CreateTenant: MethodDefinition<_strata_v1_CreateTenantRequest, _strata_v1_Tenant, _strata_v1_CreateTenantRequest__Output, _strata_v1_Tenant__Output>
  DeleteDatastore: MethodDefinition<_strata_v1_DeleteDatastoreRequest, _strata_v1_DatastoreOperation, _strata_v1_DeleteDatastoreRequest__Output, _strata_v1_DatastoreOperation__Output>
  GetDatastore: MethodDefinition<_strata_v1_GetDatastoreRequest, _strata_v1_Datastore, _strata_v1_GetDatastoreRequest__Output, _strata_v1_Datastore__Output>
  GetOperation: MethodDefinition<_strata_v1_GetOperationRequest, _strata_v1_Operation, _strata_v1_GetOperationRequest__Output, _strata_v1_Operation__Output>
  GetTenant: MethodDefinition<_strata_v1_GetTenantRequest, _strata_v1_Tenant, _strata_v1_GetTenantRequest__Output, _strata_v1_Tenant__Output>
  ListDatastores: MethodDefinition<_strata_v1_ListDatastoresRequest, _strata_v1_ListDatastoresResponse, _strata_v1_ListDatastoresRequest__Output, _strata_v1_ListDatastoresResponse__Output>
  ListNodes: MethodDefinition<_strata_v1_ListNodesRequest, _strata_v1_ListNodesResponse, _strata_v1_ListNodesRequest__Output, _strata_v1_ListNodesResponse__Output>
  ListTenants: MethodDefinition<_strata_v1_ListTenantsRequest, _strata_v1_ListTenantsResponse, _strata_v1_ListTenantsRequest__Output, _strata_v1_ListTenantsResponse__Output>
  RotateDatastorePassword: MethodDefinition<_strata_v1_RotateDatastorePasswordRequest, _strata_v1_DatastoreOperation, _strata_v1_RotateDatastorePasswordRequest__Output, _strata_v1_DatastoreOperation__Output>
  UpdateDatastore: MethodDefinition<_strata_v1_UpdateDatastoreRequest, _strata_v1_DatastoreOperation, _strata_v1_UpdateDatastoreRequest__Output, _strata_v1_DatastoreOperation__Output>
  UpdateTenant: MethodDefinition<_strata_v1_UpdateTenantRequest, _strata_v1_TenantOperation, _strata_v1_UpdateTenantRequest__Output, _strata_v1_TenantOperation__Output>
}
