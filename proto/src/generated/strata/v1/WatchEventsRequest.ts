// Original file: strata/v1/agent.proto


export interface WatchEventsRequest {
  /**
   * Empty means every instance.
   */
  'instanceIds'?: (string)[];
  'includeRecent'?: (boolean);
}

export interface WatchEventsRequest__Output {
  /**
   * Empty means every instance.
   */
  'instanceIds': (string)[];
  'includeRecent': (boolean);
}
