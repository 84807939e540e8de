// Original file: strata/v1/agent.proto

export const InstanceState = {
  INSTANCE_STATE_UNSPECIFIED: 'INSTANCE_STATE_UNSPECIFIED',
  /**
   * Process started, not answering PING yet.
   */
  INSTANCE_STATE_STARTING: 'INSTANCE_STATE_STARTING',
  INSTANCE_STATE_RUNNING: 'INSTANCE_STATE_RUNNING',
  /**
   * The process exited unexpectedly; waiting for the backoff before starting it again.
   */
  INSTANCE_STATE_RESTARTING: 'INSTANCE_STATE_RESTARTING',
  /**
   * Crashed too often (or could not start); state_reason holds the last log lines. Not restarted
   * until RestartInstance.
   */
  INSTANCE_STATE_FAILED: 'INSTANCE_STATE_FAILED',
  /**
   * Being stopped (restart or delete).
   */
  INSTANCE_STATE_STOPPING: 'INSTANCE_STATE_STOPPING',
} as const;

export type InstanceState =
  | 'INSTANCE_STATE_UNSPECIFIED'
  | 0
  /**
   * Process started, not answering PING yet.
   */
  | 'INSTANCE_STATE_STARTING'
  | 1
  | 'INSTANCE_STATE_RUNNING'
  | 2
  /**
   * The process exited unexpectedly; waiting for the backoff before starting it again.
   */
  | 'INSTANCE_STATE_RESTARTING'
  | 3
  /**
   * Crashed too often (or could not start); state_reason holds the last log lines. Not restarted
   * until RestartInstance.
   */
  | 'INSTANCE_STATE_FAILED'
  | 4
  /**
   * Being stopped (restart or delete).
   */
  | 'INSTANCE_STATE_STOPPING'
  | 5

export type InstanceState__Output = typeof InstanceState[keyof typeof InstanceState]
