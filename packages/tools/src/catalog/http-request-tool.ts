import { z } from 'zod';
import type { JsonValue } from '../cache/stable-json.ts';
import type { ResolvedCredential } from '../proxy/credential-resolver.ts';
import type { OutboundRequest, ProxyTool } from '../proxy/proxy-tool.ts';
import { ToolCallError } from '../proxy/tool-call-error.ts';
import { compileClientJsonSchema } from './client-json-schema.ts';
import {
  type HttpToolAuth,
  type HttpToolDefinition,
  httpToolDefinitionSchema,
  type ParsedHttpToolDefinition,
} from './http-tool-definition.ts';
import { applyPolicyOptions, credentialField } from './tool-options.ts';
import { expandUrlTemplate, isAllowedHost } from './url-template.ts';

/** Arguments of a client-defined HTTP tool, shaped by its JSON-schema `parameters`. */
export type HttpRequestInput = Record<string, unknown>;

const bodyMethods = new Set(['POST', 'PUT', 'PATCH']);

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function queryValue(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** Fills the URL from the arguments (without credential) and checks its host against `allowed_hosts`. */
function targetUrl(definition: ParsedHttpToolDefinition, input: HttpRequestInput) {
  const { url, used } = expandUrlTemplate(definition.url_template, input);
  if (!isAllowedHost(url, definition.allowed_hosts)) {
    throw new ToolCallError('HOST_NOT_ALLOWED', `The host ${url.host} is not in this tool's allowed hosts.`);
  }
  return { url, used };
}

function applyAuth(
  auth: HttpToolAuth | undefined,
  credential: ResolvedCredential,
  url: URL,
  headers: Record<string, string>,
): string[] {
  if (!auth) return [];
  if (auth.type === 'basic') {
    const username = credentialField(credential, 'http', ['username']);
    const password = credentialField(credential, 'http', ['password']);
    const token = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
    headers.authorization = `Basic ${token}`;
    return [token];
  }
  const token = credentialField(credential, 'http', ['token', 'api_key']);
  if (auth.type === 'bearer') headers.authorization = `Bearer ${token}`;
  else if (auth.type === 'header') headers[auth.header_name.toLowerCase()] = token;
  else url.searchParams.set(auth.query_name, token);
  return [];
}

/**
 * The validator of the arguments, through `compileClientJsonSchema` (limits, no unsafe keywords,
 * patterns on RE2); its problems become issues under `parameters`.
 */
function inputSchemaOf(parameters: Record<string, unknown>): z.ZodType<HttpRequestInput> {
  const compiled = compileClientJsonSchema({ ...parameters, type: 'object' });
  if (compiled.ok) return compiled.validator as z.ZodType<HttpRequestInput>;
  throw new z.ZodError(
    compiled.problems.map((problem) => ({
      code: 'custom' as const,
      path: ['parameters', ...problem.path],
      message: problem.message,
      input: parameters,
    })),
  );
}

/**
 * A client-defined HTTP tool (`http_request` kind). Arguments fill the URL template (URI-encoded) and the
 * rest go to the query string or a JSON body; the filled URL's host must be in `allowed_hosts` and pass
 * the egress guard, and redirects may only stay within `allowed_hosts`. The credential (service `http`,
 * by `auth.credential_name`) goes as bearer, basic, a header or a query parameter. GET is idempotent
 * (cached); other methods are side-effecting (never cached, retried only when nothing was sent).
 * Compiling `parameters` is the costly part: callers keep the tool (the catalog memoises it).
 * @throws ZodError when the definition is invalid, `parameters` included
 */
export function createHttpRequestTool(rawDefinition: HttpToolDefinition): ProxyTool<HttpRequestInput> {
  const definition = httpToolDefinitionSchema.parse(rawDefinition);
  const inputSchema = inputSchemaOf(definition.parameters);
  const { method, auth } = definition;
  return {
    name: definition.name,
    description: definition.description,
    service: 'http',
    serviceLabel: `The ${definition.name} API`,
    needsCredential: auth !== undefined,
    credentialName: auth?.credential_name,
    inputSchema,
    policy: applyPolicyOptions({ kind: 'business-api', sideEffects: method !== 'GET' }, definition),
    critical: definition.critical,
    unitPriceUsd: 0,
    cacheVariant: {
      method,
      url: definition.url_template,
      auth: auth === undefined ? null : { type: auth.type, credential: auth.credential_name },
      headers: definition.headers ?? null,
    },
    preflight(input, context) {
      context.egress.checkUrl(targetUrl(definition, asRecord(input)).url);
    },
    buildRequest(rawInput, credential): OutboundRequest {
      const input = asRecord(rawInput);
      const { url, used } = targetUrl(definition, input);
      const rest = Object.entries(input).filter(([name, value]) => !used.has(name) && value != null);
      const headers: Record<string, string> = { accept: 'application/json', ...definition.headers };
      let body: string | undefined;
      if (bodyMethods.has(method)) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(Object.fromEntries(rest));
      } else {
        for (const [name, value] of rest) {
          for (const item of Array.isArray(value) ? value : [value])
            url.searchParams.append(name, queryValue(item));
        }
      }
      const derivedSecrets = applyAuth(auth, credential, url, headers);
      return {
        method,
        url: url.href,
        headers,
        ...(body === undefined ? {} : { body }),
        derivedSecrets,
        allowRedirect: (next) => isAllowedHost(next, definition.allowed_hosts),
      };
    },
    readReply(reply) {
      const body = (reply.json === undefined ? reply.text : reply.json) as JsonValue;
      return {
        ok: true,
        result: { status: reply.statusCode, body, ...(reply.truncated ? { truncated: true } : {}) },
        units: 1,
      };
    },
  };
}
