// Original file: strata/v1/provisioning.proto

import type { Datastore as _strata_v1_Datastore, Datastore__Output as _strata_v1_Datastore__Output } from '../../strata/v1/Datastore';
import type { Operation as _strata_v1_Operation, Operation__Output as _strata_v1_Operation__Output } from '../../strata/v1/Operation';

export interface DatastoreOperation {
  'datastore'?: (_strata_v1_Datastore | null);
  'operation'?: (_strata_v1_Operation | null);
}

export interface DatastoreOperation__Output {
  'datastore': (_strata_v1_Datastore__Output | null);
  'operation': (_strata_v1_Operation__Output | null);
}
