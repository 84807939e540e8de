// Original file: strata/v1/agent.proto


export interface DeleteInstanceRequest {
  'instanceId'?: (string);
}

export interface DeleteInstanceRequest__Output {
  'instanceId': (string);
}
