// Original file: strata/v1/agent.proto


export interface WatchStatsRequest {
  /**
   * Empty means every instance (including those created after the call started).
   */
  'instanceIds'?: (string)[];
  /**
   * Range [100, 3600000]; 0 means 1000.
   */
  'intervalMs'?: (number);
}

export interface WatchStatsRequest__Output {
  /**
   * Empty means every instance (including those created after the call started).
   */
  'instanceIds': (string)[];
  /**
   * Range [100, 3600000]; 0 means 1000.
   */
  'intervalMs': (number);
}
