import fc from 'fast-check';
import { cursors, malformedIds } from './hostile-ids.ts';
import { mutated, poisonedValue } from './mutations.ts';
import {
  encodeComponent,
  nastyNumber,
  nastyString,
  nastyValue,
  poisonCharacter,
  poisoned,
  RawJson,
  rawBodyText,
  toJsonText,
} from './nasty-values.ts';
import { type JsonSchema, schemaArbitrary } from './schema-arbitrary.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One operation of the OpenAPI description, as the fuzzer reads it. */
export interface FuzzRoute {
  method: Method;
  /** The description's path, parameters in braces: `/v1/agents/{id}`. */
  path: string;
  body: JsonSchema | null;
  query: Array<{ name: string; schema: JsonSchema }>;
  /** Path parameters with the resource they name: the segment before them (`agents` for `/v1/agents/{id}`). */
  params: Array<{ name: string; resource: string }>;
}

/** What the requests are made of: who sends them, and ids that exist. */
export interface FuzzWorld {
  /** Header sets of the senders: a client's owner, its API key, a platform admin, another client's owner. */
  senders: Record<'owner' | 'apiKey' | 'admin' | 'other', Record<string, string>>;
  /** Ids that exist in the owner's client, by resource (`agents`, `runs`, `versions`...). */
  ownIds: Record<string, string[]>;
  /** Ids that exist in another client, by resource: the owner must get 404 for them, never data. */
  otherIds: Record<string, string[]>;
  resolve(ref: string): JsonSchema | undefined;
}

/** One part of a request, drawn either as a well-behaved client would send it or as an attacker would. */
export interface RequestPart<T> {
  valid: fc.Arbitrary<T>;
  hostile: fc.Arbitrary<T>;
}

/** A request body as bytes on the wire and the content type that announces it. */
export interface Body {
  payload?: string | Buffer;
  contentType?: string;
}

/** Path parameters: the owner's own ids, or (one of them) another client's id, a random or malformed one. */
export function paramsPart(route: FuzzRoute, world: FuzzWorld): RequestPart<string[]> {
  const validOf = (resource: string) => {
    const own = world.ownIds[resource] ?? [];
    return own.length ? fc.constantFrom(...own) : fc.uuid();
  };
  const hostileOf = (resource: string) => {
    const other = world.otherIds[resource] ?? [];
    return fc.oneof(
      ...(other.length ? [{ weight: 3, arbitrary: fc.constantFrom(...other) }] : []),
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 3, arbitrary: malformedIds },
      { weight: 3, arbitrary: nastyString.map(encodeComponent) },
    );
  };
  const valid = fc.tuple(...route.params.map((param) => validOf(param.resource)));
  const hostile = fc
    .integer({ min: 0, max: Math.max(route.params.length - 1, 0) })
    .chain((faulty) =>
      fc.tuple(
        ...route.params.map((param, index) =>
          index === faulty ? hostileOf(param.resource) : validOf(param.resource),
        ),
      ),
    );
  return { valid, hostile };
}

const rawQueryJunk = fc.constantFrom(
  '%',
  '%zz',
  '%E0%A4%A',
  '%00=%00',
  'limit[]=1',
  '__proto__[x]=1',
  '&&',
  '=',
  ';',
  'a=1&a=2',
);

function pair(name: string, value: string): string {
  return `${encodeComponent(name)}=${encodeComponent(value)}`;
}

/** Query strings: declared parameters with valid values, plus (hostile) one odd value, repeat or junk. */
export function queryPart(route: FuzzRoute, world: FuzzWorld): RequestPart<string> {
  const validPairs = fc.tuple(
    ...route.query.map((parameter) =>
      fc.option(
        schemaArbitrary(parameter.schema, { mode: 'valid', resolve: world.resolve }).map((value) =>
          pair(parameter.name, String(value)),
        ),
        { freq: 2 },
      ),
    ),
  );
  const names = [...route.query.map((parameter) => parameter.name), 'unknown'];
  const poisonedPair = route.query.length
    ? fc
        .constantFrom(...route.query)
        .chain((parameter) =>
          fc
            .tuple(
              schemaArbitrary(parameter.schema, { mode: 'valid', resolve: world.resolve }),
              fc.nat(),
              poisonCharacter,
            )
            .map(([value, at, poison]) => pair(parameter.name, poisoned(String(value), at, poison))),
        )
    : fc.constant(pair('unknown', '\u0000'));
  const hostileValue = fc.oneof(
    { weight: 4, arbitrary: nastyString },
    {
      weight: 2,
      arbitrary: nastyNumber.map((value) => (value instanceof RawJson ? value.text : String(value))),
    },
    { weight: 2, arbitrary: cursors(world) },
  );
  const hostilePair = fc.oneof(
    { weight: 3, arbitrary: poisonedPair },
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom(...names), hostileValue).map(([name, value]) => pair(name, value)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...names).map((name) => `${pair(name, '1')}&${pair(name, '2')}`),
    },
    { weight: 1, arbitrary: rawQueryJunk },
    { weight: 1, arbitrary: fc.tuple(nastyString, nastyString).map(([name, value]) => pair(name, value)) },
  );
  const join = (parts: Array<string | null>) => {
    const present = parts.filter((part): part is string => part !== null);
    return present.length ? `?${present.join('&')}` : '';
  };
  return {
    valid: validPairs.map(join),
    hostile: fc.tuple(validPairs, hostilePair).map(([pairs, odd]) => join([...pairs, odd])),
  };
}

const oddContentTypes = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json;;',
  'application/vnd.api+json',
  'application/json, text/plain',
  '*/*',
);

/** Bodies: the schema's valid values, or hostile leaves, mutations, raw text, odd encodings and content types. */
export function bodyPart(route: FuzzRoute, world: FuzzWorld): RequestPart<Body> {
  const json = 'application/json';
  if (!route.body) {
    return {
      valid: fc.constant({}),
      hostile: fc.oneof(
        nastyValue.map((value) => ({ payload: toJsonText(value), contentType: json })),
        rawBodyText.map((payload) => ({ payload, contentType: json })),
        fc.constant({ contentType: json }),
      ),
    };
  }
  const validValue = schemaArbitrary(route.body, { mode: 'valid', resolve: world.resolve });
  const hostileValue = fc.oneof(
    { weight: 5, arbitrary: poisonedValue(validValue) },
    { weight: 3, arbitrary: mutated(validValue) },
    { weight: 2, arbitrary: schemaArbitrary(route.body, { mode: 'wild', resolve: world.resolve }) },
    { weight: 1, arbitrary: nastyValue },
  );
  const validText = validValue.map(toJsonText);
  return {
    valid: validText.map((payload) => ({ payload, contentType: json })),
    hostile: fc.oneof(
      {
        weight: 8,
        arbitrary: hostileValue.map((value) => ({ payload: toJsonText(value), contentType: json })),
      },
      { weight: 2, arbitrary: rawBodyText.map((payload) => ({ payload, contentType: json })) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(validText, fc.constantFrom<BufferEncoding>('latin1', 'utf16le'))
          .map(([text, encoding]) => ({ payload: Buffer.from(text, encoding), contentType: json })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(validText, oddContentTypes)
          .map(([payload, contentType]) => ({ payload, contentType })),
      },
      { weight: 1, arbitrary: validText.map((payload) => ({ payload })) },
      { weight: 1, arbitrary: fc.constantFrom<Body>({}, { contentType: json }) },
    ),
  };
}

/** Senders: the owner (a platform admin on `/v1/admin/*`), or its API key, another client, forged credentials. */
export function senderPart(route: FuzzRoute, world: FuzzWorld): RequestPart<Record<string, string>> {
  const ownerToken = world.senders.owner.authorization ?? '';
  const forged = fc.constantFrom<Record<string, string>>(
    {},
    { authorization: 'Bearer x' },
    { authorization: 'Bearer' },
    { authorization: 'Basic dXNlcjpwYXNz' },
    { authorization: 'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0.' },
    { authorization: `Bearer ${'a'.repeat(5000)}` },
    { authorization: `${ownerToken.slice(0, -2)}x` },
    { authorization: ownerToken.replace('Bearer ', 'bearer  ') },
    { 'x-api-key': `rk_${'x'.repeat(40)}` },
    { 'x-api-key': '' },
  );
  const admin = route.path.startsWith('/v1/admin');
  const { owner, apiKey, other } = world.senders;
  return {
    valid: fc.constant(admin ? world.senders.admin : owner),
    hostile: fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(apiKey, other, admin ? owner : world.senders.admin) },
      { weight: 3, arbitrary: forged },
    ),
  };
}

/** Other headers: none or asking for an event stream; hostile ones odd `Accept`, `Last-Event-ID`, `X-Request-Id`. */
export const headersPart: RequestPart<Record<string, string>> = {
  valid: fc.constantFrom<Record<string, string>>({}, { accept: 'text/event-stream' }),
  hostile: fc.record(
    {
      accept: fc.constantFrom('text/event-stream', 'application/json', '*/*', 'text/html', ''),
      'last-event-id': fc.constantFrom('-1', 'abc', '1e309', '99999999999999999999', '0', '3'),
      'x-request-id': fc.constantFrom('short', 'a'.repeat(65), 'valid-request-id-1', '../../x'),
    },
    { requiredKeys: [] },
  ),
};
