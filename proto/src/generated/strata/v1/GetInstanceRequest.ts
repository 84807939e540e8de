// Original file: strata/v1/agent.proto


export interface GetInstanceRequest {
  'instanceId'?: (string);
}

export interface GetInstanceRequest__Output {
  'instanceId': (string);
}
