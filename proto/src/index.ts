// @strata/proto: the gRPC contracts of Strata and their generated TypeScript types.
//
// - PROTO_DIR, PROTO_FILES, loadPackageDefinition(), loadProtos(): load the .proto files at run time
//   with @grpc/proto-loader (LOADER_OPTIONS: lowerCamelCase fields, 64-bit integers as numbers,
//   enums as names, defaults for fields without presence).
// - HealthService and addReflection(): the standard grpc.health.v1 service and server reflection.
// - tiering: defaults, validation, merge and server flag mapping of TieringSettings.
// - Every generated type of the strata.* packages (Instance, NodeAgentClient, TieringSettings...).

export * from './generated';
export type {
  HealthCheckRequest,
  HealthCheckRequest__Output,
} from './generated/grpc/health/v1/HealthCheckRequest';
export type {
  HealthCheckResponse,
  HealthCheckResponse__Output,
} from './generated/grpc/health/v1/HealthCheckResponse';
export type { HealthClient, HealthHandlers } from './generated/grpc/health/v1/Health';
export { LOADER_OPTIONS } from './options';
export { PROTO_DIR, PROTO_PATHS, loadPackageDefinition, loadProtos, addReflection } from './loader';
export { HealthService, type ServingStatus } from './health';
export * from './tiering';
