// Original file: strata/v1/agent.proto


export interface RestartInstanceRequest {
  'instanceId'?: (string);
}

export interface RestartInstanceRequest__Output {
  'instanceId': (string);
}
