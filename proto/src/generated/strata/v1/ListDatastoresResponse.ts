// Original file: strata/v1/provisioning.proto

import type { Datastore as _strata_v1_Datastore, Datastore__Output as _strata_v1_Datastore__Output } from '../../strata/v1/Datastore';

export interface ListDatastoresResponse {
  'datastores'?: (_strata_v1_Datastore)[];
  'nextPageToken'?: (string);
}

export interface ListDatastoresResponse__Output {
  'datastores': (_strata_v1_Datastore__Output)[];
  'nextPageToken': (string);
}
