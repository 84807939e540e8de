// OpenTelemetry: traces for HTTP (incoming REST calls), gRPC (the provisioning API and the calls to
// node agents, with the W3C trace context propagated in their metadata), the service layer and the
// database; metrics of the HTTP server and the control plane's own gauges. Exported over OTLP/HTTP
// when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise nothing is started and spans are no-ops.
//
// It must start before @grpc/grpc-js, http and express are loaded (main.ts requires the rest of the
// application only after startTelemetry), because the instrumentations patch those modules.
import { context, metrics, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

export const TRACER_NAME = 'strata-control-plane';

export interface Telemetry {
  enabled: boolean;
  shutdown(): Promise<void>;
}

export function startTelemetry(options: { otlpEndpoint: string | null; serviceName: string }): Telemetry {
  if (!options.otlpEndpoint) return { enabled: false, shutdown: async () => undefined };
  // Loaded here so that a process without an endpoint never loads the SDK.
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { OTLPMetricExporter } =
    require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http');
  const { PeriodicExportingMetricReader } =
    require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
  const { BatchSpanProcessor } =
    require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { GrpcInstrumentation } =
    require('@opentelemetry/instrumentation-grpc') as typeof import('@opentelemetry/instrumentation-grpc');
  const { resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');

  const base = options.otlpEndpoint.replace(/\/+$/, '');
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${base}/v1/traces` }), {
        scheduledDelayMillis: 500,
      }),
    ],
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }),
        // The standard variable; 10 s by default.
        exportIntervalMillis: Number(process.env.OTEL_METRIC_EXPORT_INTERVAL) || 10_000,
      }),
    ],
    instrumentations: [
      new HttpInstrumentation({
        // The exporter's own requests would trace themselves.
        ignoreOutgoingRequestHook: (req) =>
          String(req.path ?? '').startsWith('/v1/traces') || String(req.path ?? '').startsWith('/v1/metrics'),
      }),
      new GrpcInstrumentation(),
    ],
  });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}

export function tracer() {
  return trace.getTracer(TRACER_NAME);
}

export function meter() {
  return metrics.getMeter(TRACER_NAME);
}

/** Whether a span is active (a request or a reconcile is being traced). */
export function insideSpan(): boolean {
  return trace.getSpan(context.active()) !== undefined;
}

/** Runs fn inside a new active span; the span records an exception and ends when fn settles. */
export async function traced<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The trace id of the active span ('' when none is recording). */
export function currentTraceId(): string {
  const span = trace.getSpan(context.active());
  const id = span?.spanContext().traceId ?? '';
  return /^0+$/.test(id) ? '' : id;
}
