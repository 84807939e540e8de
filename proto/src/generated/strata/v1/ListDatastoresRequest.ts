// Original file: strata/v1/provisioning.proto


export interface ListDatastoresRequest {
  'pageSize'?: (number);
  'pageToken'?: (string);
  /**
   * Platform admins may filter by tenant; tenant keys always see their own tenant only.
   */
  'tenantId'?: (string);
}

export interface ListDatastoresRequest__Output {
  'pageSize': (number);
  'pageToken': (string);
  /**
   * Platform admins may filter by tenant; tenant keys always see their own tenant only.
   */
  'tenantId': (string);
}
