/**
 * Distributed tracing for every service, in one place. Each entry point imports this module before anything
 * else, because the instrumentations wrap `http`, `express`, `graphql`, `pg`, `ioredis` and `pino` as they
 * are first loaded. Off unless an exporter is asked for: `OTEL_TRACES_EXPORTER=zipkin` (or
 * `OTEL_EXPORTER=zipkin`) sends spans to Zipkin at `OTEL_EXPORTER_ZIPKIN_ENDPOINT`
 * (default http://127.0.0.1:9411/api/v2/spans), and setting the endpoint alone is enough. The service
 * is named by `OTEL_SERVICE_NAME`.
 *
 * W3C `traceparent` travels on every HTTP call (gateway to subgraphs, subgraphs to identity's JWKS,
 * search to OpenSearch), in the outbox row a change commits with, and in the Kafka headers the relay
 * publishes, so one trace follows an edit from the gateway to the search index. Log lines written inside
 * a span carry `trace_id` and `span_id`.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Link, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { suppressTracing, W3CTraceContextPropagator } from '@opentelemetry/core';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** Probes and scrapes arrive every few seconds and would bury the traces people look for. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/favicon.ico']);

export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const exporter = env.OTEL_TRACES_EXPORTER || env.OTEL_EXPORTER;
  if (exporter) return exporter.split(',').includes('zipkin');
  return Boolean(env.OTEL_EXPORTER_ZIPKIN_ENDPOINT);
}

function startTracing(env: NodeJS.ProcessEnv): TracerProvider | null {
  if (!tracingEnabled(env)) return null;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || 'tvstream' }),
    spanProcessors: [
      new BatchSpanProcessor({ exporter: new ZipkinExporter({ url: env.OTEL_EXPORTER_ZIPKIN_ENDPOINT || 'http://127.0.0.1:9411/api/v2/spans' }) }),
    ],
  });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has(new URL(req.url ?? '/', 'http://service').pathname),
        // Background work (relay polls, gauges reading OpenSearch) would otherwise start a trace per call.
        requireParentforOutgoingSpans: true,
      }),
      new ExpressInstrumentation(),
      // Field spans for resolvers that do work; a span per scalar field would cost more than it shows.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  return provider;
}

const provider = startTracing(process.env);
const tracer = trace.getTracer('tvstream');

/** Sends the spans still buffered (on shutdown, so the last requests' traces are not lost). */
export async function flushTracing(): Promise<void> {
  await provider?.shutdown().catch(() => undefined);
}

/** The current trace context as a `traceparent` value, to store beside work done later (an outbox row). */
export function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** The context a stored or received `traceparent` continues (the root context when there is none). */
export function traceContextFrom(traceparent: string | null | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/** `traceparent` (and `tracestate`) for a span, to put in a message's headers. */
export function traceHeaders(span: Span, parent: Context = ROOT_CONTEXT): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), carrier);
  return carrier;
}

/** A span for one message sent to or received from Kafka, child of the message's own trace. */
export function startMessagingSpan(
  operation: 'publish' | 'process',
  topic: string,
  parent: Context,
  attributes: Record<string, string | number> = {},
  links: Link[] = [],
): Span {
  return tracer.startSpan(
    `${operation} ${topic}`,
    {
      kind: operation === 'publish' ? SpanKind.PRODUCER : SpanKind.CONSUMER,
      attributes: { 'messaging.system': 'kafka', 'messaging.operation.type': operation, 'messaging.destination.name': topic, ...attributes },
      links,
    },
    parent,
  );
}

/** Runs `work` inside a new span (child of `parent`), recording a failure on it. */
export async function inSpan<T>(name: string, parent: Context, work: () => Promise<T>, links: Link[] = []): Promise<T> {
  const span = tracer.startSpan(name, { links }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    endSpan(span, error);
    throw error;
  } finally {
    if (span.isRecording()) span.end();
  }
}

/** Ends a span, marking it failed when given an error. */
export function endSpan(span: Span, error?: unknown): void {
  if (error) {
    // Something thrown that is not an Error (a string, a library's plain object) is recorded as its JSON.
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
    span.recordException(error instanceof Error ? error : message);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
  span.end();
}

/** Runs background work (polling loops) without tracing it: only the messages it carries are traced. */
export function untraced<T>(work: () => T): T {
  return context.with(suppressTracing(context.active()), work);
}
