import type { JsonValue } from '../cache/stable-json.ts';
import { describeUpstreamError } from './describe-upstream-error.ts';
import type { ProxyTool, UpstreamReply } from './proxy-tool.ts';
import type { SecretScrubber } from './secret-scrubber.ts';
import type { RawReply } from './send-outbound.ts';
import type { ToolErrorCode } from './tool-call-error.ts';
import { trimForModel } from './trim-for-model.ts';

/** What one upstream exchange produced; JSON so the cache can keep successful ones. */
export type CallOutcome =
  | { readonly ok: true; readonly result: JsonValue; readonly units: number }
  | { readonly ok: false; readonly code: ToolErrorCode; readonly message: string };

function parseJson(text: string): unknown {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Turns a raw answer into an outcome: the body is scrubbed of secrets before anything reads it, error
 * statuses are described by the proxy, successes are shaped by the tool, scrubbed again (keys and
 * values) and trimmed to `maxResultChars`.
 */
export function readOutcome<INPUT>(options: {
  readonly tool: ProxyTool<INPUT>;
  readonly input: INPUT;
  readonly raw: RawReply;
  readonly scrubber: SecretScrubber;
  readonly attempts: number;
  readonly maxResultChars: number;
}): CallOutcome {
  const { tool, raw, scrubber } = options;
  const text = scrubber.text(raw.body.toString('utf8'));
  const reply: UpstreamReply = {
    statusCode: raw.statusCode,
    headers: raw.headers,
    text,
    json: parseJson(text),
    truncated: raw.truncated,
  };
  if (reply.statusCode >= 400) {
    const described = describeUpstreamError(reply, {
      serviceLabel: tool.serviceLabel,
      service: tool.service,
      attempts: options.attempts,
    });
    return { ok: false, code: described.code, message: scrubber.text(described.message) };
  }
  const reading = tool.readReply(reply, options.input);
  if (!reading.ok) return { ok: false, code: reading.code, message: scrubber.text(reading.message) };
  return {
    ok: true,
    result: trimForModel(scrubber.value(reading.result), options.maxResultChars),
    units: reading.units,
  };
}
