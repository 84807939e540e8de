// Original file: strata/v1/provisioning.proto


export interface GetTenantRequest {
  'id'?: (string);
}

export interface GetTenantRequest__Output {
  'id': (string);
}
