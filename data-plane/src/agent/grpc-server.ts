// The NodeAgent gRPC service over an Agent, with the credential check, the health service and
// server reflection.

import * as crypto from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import {
  HealthService,
  addReflection,
  loadProtos,
  type InstanceStats,
  type NodeAgentHandlers,
} from '@strata/proto';
import { Agent, AgentError } from './agent';
import type { AgentConfig } from './config';

const HEALTH_PREFIX = '/grpc.health.v1.Health/';
const MIN_STATS_INTERVAL_MS = 100;
const MAX_STATS_INTERVAL_MS = 3_600_000;

/**
 * Refuses calls without `authorization: Bearer <token>` (compared in constant time), except health
 * checks, which load balancers make without credentials.
 */
export function tokenInterceptor(token: string): grpc.ServerInterceptor {
  const expected = crypto.createHash('sha256').update(token).digest();
  return (methodDescriptor, call) =>
    new grpc.ServerInterceptingCall(call, {
      start: (next) => {
        next(
          new grpc.ServerListenerBuilder()
            .withOnReceiveMetadata((metadata, mdNext) => {
              if (methodDescriptor.path.startsWith(HEALTH_PREFIX)) return mdNext(metadata);
              const header = metadata.get('authorization')[0];
              const presented =
                typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : null;
              const digest = crypto
                .createHash('sha256')
                .update(presented ?? '')
                .digest();
              if (presented !== null && crypto.timingSafeEqual(digest, expected)) return mdNext(metadata);
              call.sendStatus({
                code: grpc.status.UNAUTHENTICATED,
                details:
                  presented === null
                    ? 'missing "authorization: Bearer <token>" metadata'
                    : 'wrong agent token',
                metadata: new grpc.Metadata(),
              });
            })
            .build(),
        );
      },
    });
}

function toServiceError(err: unknown): Partial<grpc.StatusObject> {
  if (err instanceof AgentError) return { code: err.code, details: err.message };
  return { code: grpc.status.INTERNAL, details: (err as Error)?.message ?? String(err) };
}

/** Wraps an async handler as a grpc-js unary handler. */
function unary<Req, Res>(fn: (request: Req) => Promise<Res> | Res): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then(
        (response) => callback(null, response),
        (err: unknown) => callback(toServiceError(err)),
      );
  };
}

function handlers(agent: Agent): NodeAgentHandlers {
  return {
    GetNodeInfo: unary(() => agent.nodeInfo()),
    CreateInstance: unary((req) => agent.createInstance(req)),
    GetInstance: unary((req) => agent.getInstance(req.instanceId)),
    ListInstances: unary(() => ({ instances: agent.listInstances() })),
    UpdateInstance: unary((req) => agent.updateInstance(req)),
    RotatePassword: unary((req) => agent.rotatePassword(req.instanceId, req.newPassword)),
    RestartInstance: unary((req) => agent.restartInstance(req.instanceId)),
    DeleteInstance: unary((req) => agent.deleteInstance(req.instanceId)),
    GetInstanceStats: unary((req) => agent.instanceStats(req.instanceId)),

    WatchStats: (call) => {
      const interval = call.request.intervalMs || 1000;
      if (interval < MIN_STATS_INTERVAL_MS || interval > MAX_STATS_INTERVAL_MS) {
        call.emit('error', {
          code: grpc.status.INVALID_ARGUMENT,
          details: `interval_ms: must be between ${MIN_STATS_INTERVAL_MS} and ${MAX_STATS_INTERVAL_MS}`,
        });
        return;
      }
      const wanted = call.request.instanceIds;
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      const tick = async () => {
        const ids = wanted.length ? wanted : agent.instanceIds();
        const all = await Promise.all(
          ids.map((id) =>
            agent.instanceStats(id).catch((err: unknown): InstanceStats => ({
              instanceId: id,
              collectedAtMs: Date.now(),
              available: false,
              error: (err as Error).message,
            })),
          ),
        );
        for (const stats of all) if (!stopped) call.write(stats);
        if (!stopped) timer = setTimeout(() => void tick().catch(stop), interval);
      };
      const stop = () => {
        stopped = true;
        clearTimeout(timer);
      };
      call.on('cancelled', stop);
      call.on('close', stop);
      call.on('error', stop);
      void tick().catch(stop);
    },

    WatchEvents: (call) => {
      const ids = call.request.instanceIds;
      const wanted = (id: string) => ids.length === 0 || ids.includes(id);
      if (call.request.includeRecent) for (const event of agent.events.recent(ids)) call.write(event);
      const unsubscribe = agent.events.subscribe((event) => {
        if (wanted(event.instanceId)) call.write(event);
      });
      call.on('cancelled', unsubscribe);
      call.on('close', unsubscribe);
      call.on('error', unsubscribe);
    },
  };
}

export interface RunningServer {
  server: grpc.Server;
  health: HealthService;
  port: number;
}

/** Starts the gRPC server of an agent on --listen. */
export async function startGrpcServer(agent: Agent, config: AgentConfig): Promise<RunningServer> {
  const server = new grpc.Server({
    interceptors: config.token ? [tokenInterceptor(config.token)] : [],
  });
  server.addService(loadProtos().strata.v1.NodeAgent.service, handlers(agent));
  const health = new HealthService({ '': 'SERVING', 'strata.v1.NodeAgent': 'SERVING' });
  health.addToServer(server);
  addReflection(server);

  const credentials = config.tls
    ? grpc.ServerCredentials.createSsl(
        config.tls.ca,
        [{ cert_chain: config.tls.cert, private_key: config.tls.key }],
        config.tls.ca !== null,
      )
    : grpc.ServerCredentials.createInsecure();
  const host = config.listenHost.includes(':') ? `[${config.listenHost}]` : config.listenHost;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${config.listenPort}`, credentials, (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { server, health, port };
}
