import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { PROTO_FILES, type ProtoGrpcType } from './generated';
import { LOADER_OPTIONS } from './options';

/** The proto directory: the include root of every .proto file (strata/v1/..., grpc/health/v1/...). */
export const PROTO_DIR = path.resolve(__dirname, '..');

/** Absolute paths of every .proto file. */
export const PROTO_PATHS: readonly string[] = PROTO_FILES.map((f) => path.join(PROTO_DIR, f));

let packageDefinition: protoLoader.PackageDefinition | undefined;
let protos: ProtoGrpcType | undefined;

/** The package definition of every .proto file, loaded once with LOADER_OPTIONS. */
export function loadPackageDefinition(): protoLoader.PackageDefinition {
  packageDefinition ??= protoLoader.loadSync([...PROTO_FILES], {
    ...LOADER_OPTIONS,
    includeDirs: [PROTO_DIR],
  });
  return packageDefinition;
}

/**
 * Every package as grpc-js objects, typed by the generated code:
 * `loadProtos().strata.v1.NodeAgent` is the client constructor and `.service` the service definition.
 */
export function loadProtos(): ProtoGrpcType {
  protos ??= grpc.loadPackageDefinition(loadPackageDefinition()) as unknown as ProtoGrpcType;
  return protos;
}

/**
 * Adds gRPC server reflection (grpc.reflection.v1 and v1alpha) describing every .proto file, so
 * grpcurl and similar tools can list and call services without the files.
 */
export function addReflection(server: Pick<grpc.Server, 'addService'>): void {
  new ReflectionService(loadPackageDefinition()).addToServer(server);
}
