// Original file: strata/v1/tiering.proto


export interface ListTieringSettings {
  /**
   * Offload list nodes. Default false. Flag and CONFIG name: tiered_experimental_list_support.
   */
  'enabled'?: (boolean);
  /**
   * Number of list nodes kept in RAM at each end (queues keep both ends hot); 0 = list tiering off.
   * Range [0, 2^31-1]. Default 0. Flag and CONFIG name: list_tiering_threshold.
   */
  'threshold'?: (number);
  '_enabled'?: "enabled";
  '_threshold'?: "threshold";
}

export interface ListTieringSettings__Output {
  /**
   * Offload list nodes. Default false. Flag and CONFIG name: tiered_experimental_list_support.
   */
  'enabled'?: (boolean);
  /**
   * Number of list nodes kept in RAM at each end (queues keep both ends hot); 0 = list tiering off.
   * Range [0, 2^31-1]. Default 0. Flag and CONFIG name: list_tiering_threshold.
   */
  'threshold'?: (number);
}
