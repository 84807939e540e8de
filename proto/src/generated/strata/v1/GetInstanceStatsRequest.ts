// Original file: strata/v1/agent.proto


export interface GetInstanceStatsRequest {
  'instanceId'?: (string);
}

export interface GetInstanceStatsRequest__Output {
  'instanceId': (string);
}
