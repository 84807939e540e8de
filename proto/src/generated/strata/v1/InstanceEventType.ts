// Original file: strata/v1/agent.proto

export const InstanceEventType = {
  INSTANCE_EVENT_TYPE_UNSPECIFIED: 'INSTANCE_EVENT_TYPE_UNSPECIFIED',
  INSTANCE_EVENT_TYPE_CREATED: 'INSTANCE_EVENT_TYPE_CREATED',
  /**
   * The process answers PING.
   */
  INSTANCE_EVENT_TYPE_STARTED: 'INSTANCE_EVENT_TYPE_STARTED',
  /**
   * The process exited without being asked to (exit_code or signal set).
   */
  INSTANCE_EVENT_TYPE_CRASHED: 'INSTANCE_EVENT_TYPE_CRASHED',
  /**
   * Restarted after a crash, after a backoff of backoff_ms.
   */
  INSTANCE_EVENT_TYPE_RESTARTED: 'INSTANCE_EVENT_TYPE_RESTARTED',
  /**
   * Too many crashes (or it never started): message holds the reason and the last log lines.
   */
  INSTANCE_EVENT_TYPE_FAILED: 'INSTANCE_EVENT_TYPE_FAILED',
  /**
   * Found running again after the agent restarted.
   */
  INSTANCE_EVENT_TYPE_ADOPTED: 'INSTANCE_EVENT_TYPE_ADOPTED',
  INSTANCE_EVENT_TYPE_SETTINGS_UPDATED: 'INSTANCE_EVENT_TYPE_SETTINGS_UPDATED',
  INSTANCE_EVENT_TYPE_PASSWORD_ROTATED: 'INSTANCE_EVENT_TYPE_PASSWORD_ROTATED',
  INSTANCE_EVENT_TYPE_STOPPED: 'INSTANCE_EVENT_TYPE_STOPPED',
  INSTANCE_EVENT_TYPE_DELETED: 'INSTANCE_EVENT_TYPE_DELETED',
} as const;

export type InstanceEventType =
  | 'INSTANCE_EVENT_TYPE_UNSPECIFIED'
  | 0
  | 'INSTANCE_EVENT_TYPE_CREATED'
  | 1
  /**
   * The process answers PING.
   */
  | 'INSTANCE_EVENT_TYPE_STARTED'
  | 2
  /**
   * The process exited without being asked to (exit_code or signal set).
   */
  | 'INSTANCE_EVENT_TYPE_CRASHED'
  | 3
  /**
   * Restarted after a crash, after a backoff of backoff_ms.
   */
  | 'INSTANCE_EVENT_TYPE_RESTARTED'
  | 4
  /**
   * Too many crashes (or it never started): message holds the reason and the last log lines.
   */
  | 'INSTANCE_EVENT_TYPE_FAILED'
  | 5
  /**
   * Found running again after the agent restarted.
   */
  | 'INSTANCE_EVENT_TYPE_ADOPTED'
  | 6
  | 'INSTANCE_EVENT_TYPE_SETTINGS_UPDATED'
  | 7
  | 'INSTANCE_EVENT_TYPE_PASSWORD_ROTATED'
  | 8
  | 'INSTANCE_EVENT_TYPE_STOPPED'
  | 9
  | 'INSTANCE_EVENT_TYPE_DELETED'
  | 10

export type InstanceEventType__Output = typeof InstanceEventType[keyof typeof InstanceEventType]
