import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { SunaAgent } from './suna-agents.ts';
import type { SunaToolStep } from './suna-events.ts';

function parsed(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function argumentsOf(step: SunaToolStep): Record<string, unknown> {
  const value = typeof step.arguments === 'string' ? parsed(step.arguments) : step.arguments;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * Runs a scripted run's tool calls the way Suna's agent does when it has a `custom_mcps` entry of type
 * `http`: through that MCP server (the official SDK's client, streamable HTTP, with the entry's headers).
 * Each step's output becomes what the server answered; a refusal is a failed step. Without such an entry
 * the steps are returned as scripted.
 */
export async function callToolsThroughMcp(
  agent: SunaAgent | undefined,
  steps: SunaToolStep[],
): Promise<SunaToolStep[]> {
  const entry = agent?.custom_mcps.find((candidate) => (candidate.type ?? candidate.customType) === 'http');
  const config = entry?.config as { url?: string; headers?: Record<string, string> } | undefined;
  if (!config?.url) return steps;
  const client = new Client({ name: 'suna-fake', version: '1.0.0' });
  try {
    await client.connect(
      new StreamableHTTPClientTransport(new URL(config.url), {
        requestInit: { headers: config.headers ?? {} },
      }),
    );
    const answered: SunaToolStep[] = [];
    for (const step of steps) {
      const result = await client.callTool({ name: step.name, arguments: argumentsOf(step) });
      const content = result.content as Array<{ type: string; text?: string }> | undefined;
      answered.push({ ...step, output: parsed(content?.[0]?.text), success: result.isError !== true });
    }
    return answered;
  } catch (error) {
    const message = (error as Error).message;
    return steps.map((step) => ({ ...step, output: { error: message }, success: false }));
  } finally {
    await client.close();
  }
}
