// Original file: strata/v1/provisioning.proto


export interface DeleteDatastoreRequest {
  'id'?: (string);
  'etag'?: (string);
}

export interface DeleteDatastoreRequest__Output {
  'id': (string);
  'etag': (string);
}
