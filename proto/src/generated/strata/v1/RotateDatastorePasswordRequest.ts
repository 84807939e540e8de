// Original file: strata/v1/provisioning.proto


export interface RotateDatastorePasswordRequest {
  'id'?: (string);
}

export interface RotateDatastorePasswordRequest__Output {
  'id': (string);
}
