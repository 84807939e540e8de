import type { Options } from '@grpc/proto-loader';

/**
 * How .proto messages look in JavaScript, for the loader and for the generated types alike
 * (scripts/generate.js passes the same choices to proto-loader-gen-types; keep them in step):
 *
 * - keepCase false: fields are lowerCamelCase in JavaScript (`offloadThreshold` for
 *   `offload_threshold`), as in the proto3 JSON mapping and the REST API. Error messages name the
 *   proto field path in snake_case (`tiering.offload_threshold`), as protobuf tooling does.
 * - longs Number: 64-bit integers are JavaScript numbers. Every 64-bit field of these contracts is
 *   a byte count, a millisecond count or a counter, far below 2^53.
 * - enums String: enum values are their names (`'INSTANCE_STATE_RUNNING'`).
 * - defaults true: fields without presence always exist on decoded messages (0, '', false, [],
 *   null for messages). Fields declared `optional` keep explicit presence: absent stays undefined.
 */
export const LOADER_OPTIONS: Readonly<Options> = Object.freeze({
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
});
