// Original file: strata/v1/provisioning.proto


export interface GetOperationRequest {
  'id'?: (string);
}

export interface GetOperationRequest__Output {
  'id': (string);
}
