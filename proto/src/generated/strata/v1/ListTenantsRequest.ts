// Original file: strata/v1/provisioning.proto


export interface ListTenantsRequest {
  /**
   * 1 to 200; 0 means 50.
   */
  'pageSize'?: (number);
  /**
   * next_page_token of the previous page; empty for the first page.
   */
  'pageToken'?: (string);
}

export interface ListTenantsRequest__Output {
  /**
   * 1 to 200; 0 means 50.
   */
  'pageSize': (number);
  /**
   * next_page_token of the previous page; empty for the first page.
   */
  'pageToken': (string);
}
