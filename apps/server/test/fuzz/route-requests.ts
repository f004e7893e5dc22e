import fc from 'fast-check';
import {
  type Body,
  bodyPart,
  type FuzzRoute,
  type FuzzWorld,
  headersPart,
  paramsPart,
  queryPart,
  type RequestPart,
  senderPart,
} from './request-parts.ts';
import type { JsonSchema } from './schema-arbitrary.ts';

export type { FuzzRoute, FuzzWorld } from './request-parts.ts';

/** A request to inject, printed shortly when fast-check reports it. */
export interface FuzzRequest {
  method: FuzzRoute['method'] | 'OPTIONS' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  [fc.toStringMethod](): string;
}

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Every operation of an OpenAPI 3.1 document. */
export function routesOf(document: { paths: Record<string, Record<string, OpenApiOperation>> }): FuzzRoute[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const parameters = operation.parameters ?? [];
      const segments = path.split('/');
      return {
        method: method.toUpperCase() as FuzzRoute['method'],
        path,
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
        query: parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => ({ name: parameter.name, schema: parameter.schema ?? {} })),
        params: parameters
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => ({
            name: parameter.name,
            resource: segments[segments.indexOf(`{${parameter.name}}`) - 1] ?? '',
          })),
      };
    }),
  );
}

interface Parts {
  params: string[];
  query: string;
  body: Body;
  sender: Record<string, string>;
  headers: Record<string, string>;
}

type PartArbitraries = { [K in keyof Parts]: RequestPart<Parts[K]> };

function draw(parts: PartArbitraries, hostile: (name: keyof Parts) => fc.Arbitrary<boolean>) {
  const pick = <K extends keyof Parts>(name: K) =>
    hostile(name).chain((bad) => (bad ? parts[name].hostile : parts[name].valid)) as fc.Arbitrary<Parts[K]>;
  return fc.record({
    params: pick('params'),
    query: pick('query'),
    body: pick('body'),
    sender: pick('sender'),
    headers: pick('headers'),
  });
}

/**
 * Requests to one route. Most carry exactly one hostile part (a path parameter, the query, the body,
 * the sender or a header) in an otherwise valid request, so the fault reaches the code behind the
 * validation it does not break; some are all valid; some are hostile everywhere.
 */
export function requestArbitrary(route: FuzzRoute, world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  const parts: PartArbitraries = {
    params: paramsPart(route, world),
    query: queryPart(route, world),
    body: bodyPart(route, world),
    sender: senderPart(route, world),
    headers: headersPart,
  };
  // Where a route takes a body or a query, most single faults go there: that is where text reaches rows.
  const faultWeights: Record<keyof Parts, number> = {
    params: route.params.length > 0 ? 2 : 0,
    query: route.query.length > 0 ? 3 : 1,
    body: route.body ? 4 : 1,
    sender: 1,
    headers: 1,
  };
  const faulty = fc.oneof(
    ...(Object.entries(faultWeights) as Array<[keyof Parts, number]>)
      .filter(([, weight]) => weight > 0)
      .map(([name, weight]) => ({ weight, arbitrary: fc.constant(name) })),
  );
  const oneFault = faulty.chain((name) => draw(parts, (part) => fc.constant(part === name)));
  const drawn = fc.oneof(
    { weight: 1, arbitrary: draw(parts, () => fc.constant(false)) },
    { weight: 6, arbitrary: oneFault },
    { weight: 2, arbitrary: draw(parts, () => fc.boolean()) },
  );
  return drawn.map(({ params, query, body, sender, headers: extra }) => {
    const path = route.params.reduce(
      (current, param, index) => current.replace(`{${param.name}}`, params[index] ?? ''),
      route.path,
    );
    const headers = {
      ...extra,
      ...sender,
      ...(body.contentType ? { 'content-type': body.contentType } : {}),
    };
    const url = `${path}${query}`;
    return {
      method: route.method,
      url,
      headers,
      ...(body.payload === undefined ? {} : { payload: body.payload }),
      [fc.toStringMethod]: () => describe(route.method, url, headers, body.payload),
    };
  });
}

function clip(text: string, length = 300): string {
  return text.length > length ? `${text.slice(0, length)}... (${text.length} characters)` : text;
}

function describe(method: string, url: string, headers: Record<string, string>, payload?: string | Buffer) {
  const shownHeaders = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, clip(value, name === 'authorization' ? 24 : 80)]),
  );
  const body =
    payload === undefined
      ? '(no body)'
      : typeof payload === 'string'
        ? clip(JSON.stringify(payload))
        : `bytes ${clip(payload.toString('hex'))}`;
  return `${method} ${clip(url)} headers=${JSON.stringify(shownHeaders)} body=${body}`;
}
