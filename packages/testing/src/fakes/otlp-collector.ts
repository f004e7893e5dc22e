import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readDecodedBody } from './http-io.ts';

/** One span as OTLP/JSON carries it (ids in hex, times in nanoseconds as strings). */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
  status?: { code?: number; message?: string };
}

/** A span with the service that sent it and its attributes flattened to plain values. */
export interface CollectedSpan extends OtlpSpan {
  serviceName: string | undefined;
  attributeValues: Record<string, unknown>;
}

/** A local OpenTelemetry collector's OTLP/HTTP traces receiver (`POST /v1/traces`, JSON) on 127.0.0.1. */
export interface FakeOtlpCollector {
  /** Base URL, as `OTEL_EXPORTER_OTLP_ENDPOINT` takes it. */
  url: string;
  /** Every export request's body as received (decompressed), for "no secret anywhere" checks. */
  bodies: string[];
  /** Every span received so far. */
  spans(): CollectedSpan[];
  close(): Promise<void>;
}

interface ExportTraceServiceRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpSpan['attributes'] };
    scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
  }>;
}

/** An OTLP `AnyValue` as a plain value (`{ stringValue }`, `{ intValue }`, …). */
function plain(value: Record<string, unknown>): unknown {
  const [first] = Object.values(value);
  return first;
}

function flatten(attributes: OtlpSpan['attributes'] = []): Record<string, unknown> {
  return Object.fromEntries(attributes.map((attribute) => [attribute.key, plain(attribute.value)]));
}

/**
 * Starts a fake collector that records the spans of every OTLP/HTTP JSON export (`POST /v1/traces`) and
 * answers as a collector does (`200 {"partialSuccess":{}}`); protobuf bodies answer 415, other paths 404.
 */
export async function startFakeOtlpCollector(): Promise<FakeOtlpCollector> {
  const bodies: string[] = [];
  const collected: CollectedSpan[] = [];
  const server = createServer(async (request, response) => {
    if (request.method !== 'POST' || request.url !== '/v1/traces') {
      response.writeHead(404).end();
      return;
    }
    if (!String(request.headers['content-type']).startsWith('application/json')) {
      response.writeHead(415, { 'content-type': 'text/plain' }).end('only OTLP/JSON here');
      return;
    }
    try {
      const body = (await readDecodedBody(request)).toString('utf8');
      bodies.push(body);
      const parsed = JSON.parse(body) as ExportTraceServiceRequest;
      for (const resourceSpans of parsed.resourceSpans ?? []) {
        const serviceName = flatten(resourceSpans.resource?.attributes)['service.name'] as string | undefined;
        for (const scope of resourceSpans.scopeSpans ?? [])
          for (const span of scope.spans ?? [])
            collected.push({ ...span, serviceName, attributeValues: flatten(span.attributes) });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"partialSuccess":{}}');
    } catch (error) {
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 3, message: `bad export: ${(error as Error).message}` }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    spans: () => [...collected],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
