import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CreateDatastoreRequest as _strata_v1_CreateDatastoreRequest, CreateDatastoreRequest__Output as _strata_v1_CreateDatastoreRequest__Output } from './strata/v1/CreateDatastoreRequest';
import type { CreateTenantRequest as _strata_v1_CreateTenantRequest, CreateTenantRequest__Output as _strata_v1_CreateTenantRequest__Output } from './strata/v1/CreateTenantRequest';
import type { Datastore as _strata_v1_Datastore, Datastore__Output as _strata_v1_Datastore__Output } from './strata/v1/Datastore';
import type { DatastoreOperation as _strata_v1_DatastoreOperation, DatastoreOperation__Output as _strata_v1_DatastoreOperation__Output } from './strata/v1/DatastoreOperation';
import type { DeleteDatastoreRequest as _strata_v1_DeleteDatastoreRequest, DeleteDatastoreRequest__Output as _strata_v1_DeleteDatastoreRequest__Output } from './strata/v1/DeleteDatastoreRequest';
import type { GetDatastoreRequest as _strata_v1_GetDatastoreRequest, GetDatastoreRequest__Output as _strata_v1_GetDatastoreRequest__Output } from './strata/v1/GetDatastoreRequest';
import type { GetOperationRequest as _strata_v1_GetOperationRequest, GetOperationRequest__Output as _strata_v1_GetOperationRequest__Output } from './strata/v1/GetOperationRequest';
import type { GetTenantRequest as _strata_v1_GetTenantRequest, GetTenantRequest__Output as _strata_v1_GetTenantRequest__Output } from './strata/v1/GetTenantRequest';
import type { HashTieringSettings as _strata_v1_HashTieringSettings, HashTieringSettings__Output as _strata_v1_HashTieringSettings__Output } from './strata/v1/HashTieringSettings';
import type { ListDatastoresRequest as _strata_v1_ListDatastoresRequest, ListDatastoresRequest__Output as _strata_v1_ListDatastoresRequest__Output } from './strata/v1/ListDatastoresRequest';
import type { ListDatastoresResponse as _strata_v1_ListDatastoresResponse, ListDatastoresResponse__Output as _strata_v1_ListDatastoresResponse__Output } from './strata/v1/ListDatastoresResponse';
import type { ListNodesRequest as _strata_v1_ListNodesRequest, ListNodesRequest__Output as _strata_v1_ListNodesRequest__Output } from './strata/v1/ListNodesRequest';
import type { ListNodesResponse as _strata_v1_ListNodesResponse, ListNodesResponse__Output as _strata_v1_ListNodesResponse__Output } from './strata/v1/ListNodesResponse';
import type { ListTenantsRequest as _strata_v1_ListTenantsRequest, ListTenantsRequest__Output as _strata_v1_ListTenantsRequest__Output } from './strata/v1/ListTenantsRequest';
import type { ListTenantsResponse as _strata_v1_ListTenantsResponse, ListTenantsResponse__Output as _strata_v1_ListTenantsResponse__Output } from './strata/v1/ListTenantsResponse';
import type { ListTieringSettings as _strata_v1_ListTieringSettings, ListTieringSettings__Output as _strata_v1_ListTieringSettings__Output } from './strata/v1/ListTieringSettings';
import type { Node as _strata_v1_Node, Node__Output as _strata_v1_Node__Output } from './strata/v1/Node';
import type { Operation as _strata_v1_Operation, Operation__Output as _strata_v1_Operation__Output } from './strata/v1/Operation';
import type { ProvisioningClient as _strata_v1_ProvisioningClient, ProvisioningDefinition as _strata_v1_ProvisioningDefinition } from './strata/v1/Provisioning';
import type { RotateDatastorePasswordRequest as _strata_v1_RotateDatastorePasswordRequest, RotateDatastorePasswordRequest__Output as _strata_v1_RotateDatastorePasswordRequest__Output } from './strata/v1/RotateDatastorePasswordRequest';
import type { Tenant as _strata_v1_Tenant, Tenant__Output as _strata_v1_Tenant__Output } from './strata/v1/Tenant';
import type { TenantOperation as _strata_v1_TenantOperation, TenantOperation__Output as _strata_v1_TenantOperation__Output } from './strata/v1/TenantOperation';
import type { TieringSettings as _strata_v1_TieringSettings, TieringSettings__Output as _strata_v1_TieringSettings__Output } from './strata/v1/TieringSettings';
import type { UpdateDatastoreRequest as _strata_v1_UpdateDatastoreRequest, UpdateDatastoreRequest__Output as _strata_v1_UpdateDatastoreRequest__Output } from './strata/v1/UpdateDatastoreRequest';
import type { UpdateTenantRequest as _strata_v1_UpdateTenantRequest, UpdateTenantRequest__Output as _strata_v1_UpdateTenantRequest__Output } from './strata/v1/UpdateTenantRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  strata: {
    v1: {
      CreateDatastoreRequest: MessageTypeDefinition<_strata_v1_CreateDatastoreRequest, _strata_v1_CreateDatastoreRequest__Output>
      CreateTenantRequest: MessageTypeDefinition<_strata_v1_CreateTenantRequest, _strata_v1_CreateTenantRequest__Output>
      Datastore: MessageTypeDefinition<_strata_v1_Datastore, _strata_v1_Datastore__Output>
      DatastoreOperation: MessageTypeDefinition<_strata_v1_DatastoreOperation, _strata_v1_DatastoreOperation__Output>
      DatastoreStatus: EnumTypeDefinition
      DeleteDatastoreRequest: MessageTypeDefinition<_strata_v1_DeleteDatastoreRequest, _strata_v1_DeleteDatastoreRequest__Output>
      GetDatastoreRequest: MessageTypeDefinition<_strata_v1_GetDatastoreRequest, _strata_v1_GetDatastoreRequest__Output>
      GetOperationRequest: MessageTypeDefinition<_strata_v1_GetOperationRequest, _strata_v1_GetOperationRequest__Output>
      GetTenantRequest: MessageTypeDefinition<_strata_v1_GetTenantRequest, _strata_v1_GetTenantRequest__Output>
      HashTieringSettings: MessageTypeDefinition<_strata_v1_HashTieringSettings, _strata_v1_HashTieringSettings__Output>
      ListDatastoresRequest: MessageTypeDefinition<_strata_v1_ListDatastoresRequest, _strata_v1_ListDatastoresRequest__Output>
      ListDatastoresResponse: MessageTypeDefinition<_strata_v1_ListDatastoresResponse, _strata_v1_ListDatastoresResponse__Output>
      ListNodesRequest: MessageTypeDefinition<_strata_v1_ListNodesRequest, _strata_v1_ListNodesRequest__Output>
      ListNodesResponse: MessageTypeDefinition<_strata_v1_ListNodesResponse, _strata_v1_ListNodesResponse__Output>
      ListTenantsRequest: MessageTypeDefinition<_strata_v1_ListTenantsRequest, _strata_v1_ListTenantsRequest__Output>
      ListTenantsResponse: MessageTypeDefinition<_strata_v1_ListTenantsResponse, _strata_v1_ListTenantsResponse__Output>
      ListTieringSettings: MessageTypeDefinition<_strata_v1_ListTieringSettings, _strata_v1_ListTieringSettings__Output>
      Node: MessageTypeDefinition<_strata_v1_Node, _strata_v1_Node__Output>
      Operation: MessageTypeDefinition<_strata_v1_Operation, _strata_v1_Operation__Output>
      Provisioning: SubtypeConstructor<typeof grpc.Client, _strata_v1_ProvisioningClient> & { service: _strata_v1_ProvisioningDefinition }
      RotateDatastorePasswordRequest: MessageTypeDefinition<_strata_v1_RotateDatastorePasswordRequest, _strata_v1_RotateDatastorePasswordRequest__Output>
      Tenant: MessageTypeDefinition<_strata_v1_Tenant, _strata_v1_Tenant__Output>
      TenantOperation: MessageTypeDefinition<_strata_v1_TenantOperation, _strata_v1_TenantOperation__Output>
      TieringSettings: MessageTypeDefinition<_strata_v1_TieringSettings, _strata_v1_TieringSettings__Output>
      UpdateDatastoreRequest: MessageTypeDefinition<_strata_v1_UpdateDatastoreRequest, _strata_v1_UpdateDatastoreRequest__Output>
      UpdateTenantRequest: MessageTypeDefinition<_strata_v1_UpdateTenantRequest, _strata_v1_UpdateTenantRequest__Output>
    }
  }
}

