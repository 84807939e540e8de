// Original file: strata/v1/tiering.proto


export interface HashTieringSettings {
  /**
   * Offload small hashes whole. Default false. Flag and CONFIG name: tiered_experimental_hash_support.
   */
  'enabled'?: (boolean);
  /**
   * Hashes up to this many bytes are kept as listpacks (and may be offloaded whole).
   * Range [1, 2^32-1]. Default 1024. Flag and CONFIG name: listpack_max_bytes.
   */
  'maxBytes'?: (number);
  /**
   * Longest field or value, in bytes, a listpack-encoded hash may hold. Range [1, 2^32-1].
   * Default 64. Flag and CONFIG name: listpack_max_field_len.
   */
  'maxFieldLen'?: (number);
  '_enabled'?: "enabled";
  '_maxBytes'?: "maxBytes";
  '_maxFieldLen'?: "maxFieldLen";
}

export interface HashTieringSettings__Output {
  /**
   * Offload small hashes whole. Default false. Flag and CONFIG name: tiered_experimental_hash_support.
   */
  'enabled'?: (boolean);
  /**
   * Hashes up to this many bytes are kept as listpacks (and may be offloaded whole).
   * Range [1, 2^32-1]. Default 1024. Flag and CONFIG name: listpack_max_bytes.
   */
  'maxBytes'?: (number);
  /**
   * Longest field or value, in bytes, a listpack-encoded hash may hold. Range [1, 2^32-1].
   * Default 64. Flag and CONFIG name: listpack_max_field_len.
   */
  'maxFieldLen'?: (number);
}
