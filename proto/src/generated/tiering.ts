import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { HashTieringSettings as _strata_v1_HashTieringSettings, HashTieringSettings__Output as _strata_v1_HashTieringSettings__Output } from './strata/v1/HashTieringSettings';
import type { ListTieringSettings as _strata_v1_ListTieringSettings, ListTieringSettings__Output as _strata_v1_ListTieringSettings__Output } from './strata/v1/ListTieringSettings';
import type { TieringSettings as _strata_v1_TieringSettings, TieringSettings__Output as _strata_v1_TieringSettings__Output } from './strata/v1/TieringSettings';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  strata: {
    v1: {
      HashTieringSettings: MessageTypeDefinition<_strata_v1_HashTieringSettings, _strata_v1_HashTieringSettings__Output>
      ListTieringSettings: MessageTypeDefinition<_strata_v1_ListTieringSettings, _strata_v1_ListTieringSettings__Output>
      TieringSettings: MessageTypeDefinition<_strata_v1_TieringSettings, _strata_v1_TieringSettings__Output>
    }
  }
}

