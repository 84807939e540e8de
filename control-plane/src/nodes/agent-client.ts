// gRPC clients of the node agents (strata.v1.NodeAgent from @strata/proto), one per node, each call
// with a deadline and the node's bearer token. Calls run inside the caller's active span, so the
// gRPC instrumentation propagates the trace context to the agent.
import * as grpc from '@grpc/grpc-js';
import { SecretBox } from '../common/secret-box';
import {
  loadProtos,
  type CreateInstanceRequest,
  type DeleteInstanceResponse__Output,
  type Instance__Output,
  type InstanceStats__Output,
  type NodeAgentClient,
  type NodeInfo__Output,
  type UpdateInstanceRequest,
  type UpdateInstanceResponse__Output,
} from '@strata/proto';

export interface AgentTarget {
  id: string;
  address: string;
  credential: string;
}

/** An error of an agent call, with the gRPC status name for messages ("RESOURCE_EXHAUSTED: ..."). */
export class AgentCallError extends Error {
  constructor(
    readonly code: grpc.status,
    readonly details: string,
  ) {
    super(`${grpc.status[code] ?? code}: ${details}`);
  }

  /** Whether retrying the same call may succeed (the node or network, not the request, is at fault). */
  get retryable(): boolean {
    return ![grpc.status.INVALID_ARGUMENT, grpc.status.ALREADY_EXISTS, grpc.status.UNAUTHENTICATED].includes(
      this.code,
    );
  }
}

type Unary<Req, Res> = (
  req: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null, res?: Res) => void,
) => grpc.ClientUnaryCall;

export class AgentClient {
  constructor(
    private readonly client: NodeAgentClient,
    private readonly credential: string,
  ) {}

  private call<Req, Res>(method: Unary<Req, Res>, req: Req, timeoutMs: number): Promise<Res> {
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${this.credential}`);
    return new Promise((resolve, reject) => {
      method.call(this.client, req, metadata, { deadline: Date.now() + timeoutMs }, (err, res) => {
        if (err) reject(new AgentCallError(err.code, err.details || err.message));
        else resolve(res as Res);
      });
    });
  }

  getNodeInfo(timeoutMs = 2000): Promise<NodeInfo__Output> {
    return this.call(this.client.GetNodeInfo as Unary<object, NodeInfo__Output>, {}, timeoutMs);
  }

  createInstance(req: CreateInstanceRequest, timeoutMs = 30_000): Promise<Instance__Output> {
    return this.call(
      this.client.CreateInstance as Unary<CreateInstanceRequest, Instance__Output>,
      req,
      timeoutMs,
    );
  }

  getInstance(instanceId: string, timeoutMs = 5000): Promise<Instance__Output> {
    return this.call(this.client.GetInstance as Unary<object, Instance__Output>, { instanceId }, timeoutMs);
  }

  updateInstance(req: UpdateInstanceRequest, timeoutMs = 30_000): Promise<UpdateInstanceResponse__Output> {
    return this.call(
      this.client.UpdateInstance as Unary<UpdateInstanceRequest, UpdateInstanceResponse__Output>,
      req,
      timeoutMs,
    );
  }

  rotatePassword(instanceId: string, newPassword: string, timeoutMs = 10_000): Promise<Instance__Output> {
    return this.call(
      this.client.RotatePassword as Unary<object, Instance__Output>,
      { instanceId, newPassword },
      timeoutMs,
    );
  }

  deleteInstance(instanceId: string, timeoutMs = 30_000): Promise<DeleteInstanceResponse__Output> {
    return this.call(
      this.client.DeleteInstance as Unary<object, DeleteInstanceResponse__Output>,
      { instanceId },
      timeoutMs,
    );
  }

  getInstanceStats(instanceId: string, timeoutMs = 3000): Promise<InstanceStats__Output> {
    return this.call(
      this.client.GetInstanceStats as Unary<object, InstanceStats__Output>,
      { instanceId },
      timeoutMs,
    );
  }

  close(): void {
    this.client.close();
  }
}

/** One client per node, recreated when its address or credential changes. */
export class AgentClients {
  private readonly clients = new Map<string, { key: string; client: AgentClient }>();
  private readonly credentials: grpc.ChannelCredentials;

  /** With `tls`, every agent is dialled over TLS (mutual TLS when a client certificate is given). */
  constructor(
    tls: { ca: Buffer; cert: Buffer | null; key: Buffer | null } | null = null,
    private readonly secrets: SecretBox = new SecretBox(null),
  ) {
    this.credentials = tls
      ? grpc.credentials.createSsl(tls.ca, tls.key, tls.cert)
      : grpc.credentials.createInsecure();
  }

  /** A client of the node; `credential` may be sealed (as stored) or plain. */
  get(node: AgentTarget): AgentClient {
    const key = `${node.address}\n${node.credential}`;
    const existing = this.clients.get(node.id);
    if (existing && existing.key === key) return existing.client;
    existing?.client.close();
    const NodeAgent = loadProtos().strata.v1.NodeAgent;
    const client = new AgentClient(
      new NodeAgent(node.address, this.credentials, {
        'grpc.keepalive_time_ms': 10_000,
        'grpc.initial_reconnect_backoff_ms': 200,
        'grpc.max_reconnect_backoff_ms': 2000,
      }) as unknown as NodeAgentClient,
      this.secrets.open(node.credential),
    );
    this.clients.set(node.id, { key, client });
    return client;
  }

  forget(nodeId: string): void {
    this.clients.get(nodeId)?.client.close();
    this.clients.delete(nodeId);
  }

  closeAll(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }
}
