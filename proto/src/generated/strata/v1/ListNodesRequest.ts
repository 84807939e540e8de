// Original file: strata/v1/provisioning.proto


export interface ListNodesRequest {
}

export interface ListNodesRequest__Output {
}
