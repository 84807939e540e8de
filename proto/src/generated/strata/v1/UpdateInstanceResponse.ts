// Original file: strata/v1/agent.proto

import type { Instance as _strata_v1_Instance, Instance__Output as _strata_v1_Instance__Output } from '../../strata/v1/Instance';

export interface UpdateInstanceResponse {
  'instance'?: (_strata_v1_Instance | null);
  /**
   * Settings applied live with CONFIG SET, by CONFIG name (for example "maxmemory").
   */
  'appliedLive'?: (string)[];
  /**
   * True when the process was restarted to apply the change; restart_reasons says why
   * (for example "tiering.enabled changes the tier file, which is opened at start").
   */
  'restarted'?: (boolean);
  'restartReasons'?: (string)[];
}

export interface UpdateInstanceResponse__Output {
  'instance': (_strata_v1_Instance__Output | null);
  /**
   * Settings applied live with CONFIG SET, by CONFIG name (for example "maxmemory").
   */
  'appliedLive': (string)[];
  /**
   * True when the process was restarted to apply the change; restart_reasons says why
   * (for example "tiering.enabled changes the tier file, which is opened at start").
   */
  'restarted': (boolean);
  'restartReasons': (string)[];
}
