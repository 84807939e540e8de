// Original file: strata/v1/tiering.proto

import type { ListTieringSettings as _strata_v1_ListTieringSettings, ListTieringSettings__Output as _strata_v1_ListTieringSettings__Output } from '../../strata/v1/ListTieringSettings';
import type { HashTieringSettings as _strata_v1_HashTieringSettings, HashTieringSettings__Output as _strata_v1_HashTieringSettings__Output } from '../../strata/v1/HashTieringSettings';
import type { Long } from '@grpc/proto-loader';

export interface TieringSettings {
  /**
   * Whether values may be offloaded to the NVMe tier at all. Default false.
   * Maps to --tiered_prefix: set to <nvme-path>/<instance-id>/tier when true, not passed when false.
   * Changing it needs a restart of the datastore process (the tier file is opened at start).
   */
  'enabled'?: (boolean);
  /**
   * Free-memory ratio (free / maxmemory) under which offloading runs. Range [0, 1]. Default 0.5.
   * Flag and CONFIG name: tiered_offload_threshold.
   */
  'offloadThreshold'?: (number | string);
  /**
   * Free-memory ratio under which reads stop promoting values back to RAM. Range [0, 1].
   * Default 0.1. Flag and CONFIG name: tiered_upload_threshold.
   */
  'uploadThreshold'?: (number | string);
  /**
   * Values smaller than this many bytes are never offloaded. Range [0, 2^32-1]. Default 64.
   * Flag and CONFIG name: tiered_min_value_size.
   */
  'minValueSize'?: (number);
  /**
   * Largest size of the tier file in bytes; 0 means 80% of the filesystem holding it.
   * Range 0 or [1 MiB, 2^53-1]. Default 0. Flag and CONFIG name: tiered_max_file_size.
   * The node agent reserves this many bytes of its NVMe path for the datastore when it is not 0.
   */
  'maxFileSize'?: (number | string | Long);
  /**
   * Keep a RAM copy of values written to disk until memory is needed (a read of a cooled value
   * needs no I/O). Default true. Flag and CONFIG name: tiered_experimental_cooling.
   */
  'cooling'?: (boolean);
  /**
   * Bytes of disk writes in flight before writers are throttled. Range [4096, 2^53-1].
   * Default 262144 (256 KiB). Flag and CONFIG name: tiered_max_pending_stash_bytes.
   */
  'maxPendingStashBytes'?: (number | string | Long);
  /**
   * Keys whose TTL is shorter than this many milliseconds are not offloaded. Range [0, 2^53-1].
   * Default 5000. Flag and CONFIG name: tiered_min_ttl_to_offload_ms.
   */
  'minTtlToOffloadMs'?: (number | string | Long);
  /**
   * List offloading. Absent means inherit every list setting.
   */
  'lists'?: (_strata_v1_ListTieringSettings | null);
  /**
   * Hash offloading. Absent means inherit every hash setting.
   */
  'hashes'?: (_strata_v1_HashTieringSettings | null);
  '_enabled'?: "enabled";
  '_offloadThreshold'?: "offloadThreshold";
  '_uploadThreshold'?: "uploadThreshold";
  '_minValueSize'?: "minValueSize";
  '_maxFileSize'?: "maxFileSize";
  '_cooling'?: "cooling";
  '_maxPendingStashBytes'?: "maxPendingStashBytes";
  '_minTtlToOffloadMs'?: "minTtlToOffloadMs";
}

export interface TieringSettings__Output {
  /**
   * Whether values may be offloaded to the NVMe tier at all. Default false.
   * Maps to --tiered_prefix: set to <nvme-path>/<instance-id>/tier when true, not passed when false.
   * Changing it needs a restart of the datastore process (the tier file is opened at start).
   */
  'enabled'?: (boolean);
  /**
   * Free-memory ratio (free / maxmemory) under which offloading runs. Range [0, 1]. Default 0.5.
   * Flag and CONFIG name: tiered_offload_threshold.
   */
  'offloadThreshold'?: (number);
  /**
   * Free-memory ratio under which reads stop promoting values back to RAM. Range [0, 1].
   * Default 0.1. Flag and CONFIG name: tiered_upload_threshold.
   */
  'uploadThreshold'?: (number);
  /**
   * Values smaller than this many bytes are never offloaded. Range [0, 2^32-1]. Default 64.
   * Flag and CONFIG name: tiered_min_value_size.
   */
  'minValueSize'?: (number);
  /**
   * Largest size of the tier file in bytes; 0 means 80% of the filesystem holding it.
   * Range 0 or [1 MiB, 2^53-1]. Default 0. Flag and CONFIG name: tiered_max_file_size.
   * The node agent reserves this many bytes of its NVMe path for the datastore when it is not 0.
   */
  'maxFileSize'?: (number);
  /**
   * Keep a RAM copy of values written to disk until memory is needed (a read of a cooled value
   * needs no I/O). Default true. Flag and CONFIG name: tiered_experimental_cooling.
   */
  'cooling'?: (boolean);
  /**
   * Bytes of disk writes in flight before writers are throttled. Range [4096, 2^53-1].
   * Default 262144 (256 KiB). Flag and CONFIG name: tiered_max_pending_stash_bytes.
   */
  'maxPendingStashBytes'?: (number);
  /**
   * Keys whose TTL is shorter than this many milliseconds are not offloaded. Range [0, 2^53-1].
   * Default 5000. Flag and CONFIG name: tiered_min_ttl_to_offload_ms.
   */
  'minTtlToOffloadMs'?: (number);
  /**
   * List offloading. Absent means inherit every list setting.
   */
  'lists': (_strata_v1_ListTieringSettings__Output | null);
  /**
   * Hash offloading. Absent means inherit every hash setting.
   */
  'hashes': (_strata_v1_HashTieringSettings__Output | null);
}
