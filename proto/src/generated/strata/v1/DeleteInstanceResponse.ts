// Original file: strata/v1/agent.proto


export interface DeleteInstanceResponse {
  'existed'?: (boolean);
}

export interface DeleteInstanceResponse__Output {
  'existed': (boolean);
}
