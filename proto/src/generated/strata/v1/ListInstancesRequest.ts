// Original file: strata/v1/agent.proto


export interface ListInstancesRequest {
}

export interface ListInstancesRequest__Output {
}
