// Original file: strata/v1/provisioning.proto


export interface GetDatastoreRequest {
  'id'?: (string);
}

export interface GetDatastoreRequest__Output {
  'id': (string);
}
