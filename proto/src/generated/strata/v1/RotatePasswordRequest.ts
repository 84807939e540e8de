// Original file: strata/v1/agent.proto


export interface RotatePasswordRequest {
  'instanceId'?: (string);
  /**
   * Same rules as CreateInstanceRequest.password; empty means the agent generates one.
   */
  'newPassword'?: (string);
}

export interface RotatePasswordRequest__Output {
  'instanceId': (string);
  /**
   * Same rules as CreateInstanceRequest.password; empty means the agent generates one.
   */
  'newPassword': (string);
}
