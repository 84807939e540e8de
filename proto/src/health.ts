// grpc.health.v1.Health: the standard health service, so load balancers, grpc_health_probe and the
// control plane can ask whether a server (or one of its services) is serving.

import * as grpc from '@grpc/grpc-js';
import type { HealthCheckRequest__Output } from './generated/grpc/health/v1/HealthCheckRequest';
import type { HealthCheckResponse } from './generated/grpc/health/v1/HealthCheckResponse';
import type { HealthHandlers } from './generated/grpc/health/v1/Health';
import { loadProtos } from './loader';

export type ServingStatus = 'SERVING' | 'NOT_SERVING';

/** The health service of one server. The whole server is the service named "". */
export class HealthService {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Map<
    string,
    Set<grpc.ServerWritableStream<HealthCheckRequest__Output, HealthCheckResponse>>
  >();

  constructor(initial: Record<string, ServingStatus> = { '': 'SERVING' }) {
    for (const [service, status] of Object.entries(initial)) this.statuses.set(service, status);
  }

  /** Sets a service's status and tells its watchers. */
  setStatus(service: string, status: ServingStatus): void {
    this.statuses.set(service, status);
    for (const call of this.watchers.get(service) ?? []) call.write({ status });
  }

  /** Marks every service NOT_SERVING (call before shutting down). */
  shutdown(): void {
    for (const service of this.statuses.keys()) this.setStatus(service, 'NOT_SERVING');
  }

  addToServer(server: grpc.Server): void {
    const handlers: HealthHandlers = {
      Check: (call, callback) => {
        const status = this.statuses.get(call.request.service);
        if (status === undefined) {
          callback({ code: grpc.status.NOT_FOUND, details: `unknown service "${call.request.service}"` });
          return;
        }
        callback(null, { status });
      },
      Watch: (call) => {
        const service = call.request.service;
        let watchers = this.watchers.get(service);
        if (!watchers) this.watchers.set(service, (watchers = new Set()));
        watchers.add(call);
        call.write({ status: this.statuses.get(service) ?? 'SERVICE_UNKNOWN' });
        const forget = () => watchers.delete(call);
        call.on('cancelled', forget);
        call.on('close', forget);
      },
    };
    server.addService(loadProtos().grpc.health.v1.Health.service, handlers);
  }
}
