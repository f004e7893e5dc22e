import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
  LanguageModelV4ToolResultOutput,
} from '@ai-sdk/provider';

/** A tool result found in the prompt after the last user message. */
export interface PromptToolResult {
  /** Id of the call the result answers. */
  readonly toolCallId: string;
  /** Name of the tool that produced it. */
  readonly toolName: string;
  /** The result as the SDK passed it. */
  readonly output: LanguageModelV4ToolResultOutput;
}

/** The parts of a prompt the offline model reasons about. */
export interface PromptView {
  /** All system messages, joined by blank lines. */
  readonly systemText: string;
  /** Text of the last user message ('' when there is none). */
  readonly lastUserText: string;
  /** Tool results that came after the last user message, in order. */
  readonly toolResults: readonly PromptToolResult[];
}

/** Text of a user or assistant message's text parts (and inline text files), joined by newlines. */
function textOfParts(parts: ReadonlyArray<{ type: string; text?: string; data?: unknown }>): string {
  const texts: string[] = [];
  for (const part of parts) {
    if (part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
    if (part.type === 'file' && isInlineText(part.data)) texts.push(part.data.text);
  }
  return texts.join('\n');
}

function isInlineText(data: unknown): data is { type: 'text'; text: string } {
  return (
    typeof data === 'object' && data !== null && 'type' in data && data.type === 'text' && 'text' in data
  );
}

/** Reads the system text, the last user message and the tool results that follow it. */
export function viewPrompt(prompt: LanguageModelV4Prompt): PromptView {
  const systemText = prompt
    .flatMap((message) => (message.role === 'system' ? [message.content] : []))
    .join('\n\n');
  let lastUserIndex = -1;
  prompt.forEach((message, index) => {
    if (message.role === 'user') lastUserIndex = index;
  });
  const lastUser = prompt[lastUserIndex];
  const lastUserText = lastUser?.role === 'user' ? textOfParts(lastUser.content) : '';
  const toolResults: PromptToolResult[] = [];
  for (const message of prompt.slice(lastUserIndex + 1)) {
    if (message.role !== 'tool' && message.role !== 'assistant') continue;
    for (const part of message.content) {
      if (part.type === 'tool-result') {
        toolResults.push({ toolCallId: part.toolCallId, toolName: part.toolName, output: part.output });
      }
    }
  }
  return { systemText, lastUserText, toolResults };
}

function renderToolOutput(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'execution-denied':
      return `execution denied${output.reason === undefined ? '' : `: ${output.reason}`}`;
    case 'content':
      return output.value.map((item) => (item.type === 'text' ? item.text : `[${item.type}]`)).join('\n');
  }
}

function renderMessage(message: LanguageModelV4Prompt[number]): string[] {
  if (message.role === 'system') return [`system: ${message.content}`];
  const lines: string[] = [];
  for (const part of message.content) {
    if (part.type === 'text') lines.push(`${message.role}: ${part.text}`);
    else if (part.type === 'reasoning') lines.push(`${message.role}: ${part.text}`);
    else if (part.type === 'tool-call')
      lines.push(`${message.role}: [tool-call ${part.toolName}] ${JSON.stringify(part.input)}`);
    else if (part.type === 'tool-result') {
      lines.push(`${message.role}: [tool-result ${part.toolName}] ${renderToolOutput(part.output)}`);
    } else if (part.type === 'file' && isInlineText(part.data))
      lines.push(`${message.role}: ${part.data.text}`);
  }
  return lines;
}

/**
 * Renders a call's prompt as the plain text whose tokens the offline model reports as input usage: one
 * line per message part, `role: text`; tool calls as `role: [tool-call name] <input JSON>`; tool results as
 * `role: [tool-result name] <output>`; then one line per offered tool, `tool: name: description <input
 * JSON Schema>`. Binary files are not counted.
 */
export function renderPromptForCounting(
  options: Pick<LanguageModelV4CallOptions, 'prompt' | 'tools'>,
): string {
  const lines = options.prompt.flatMap(renderMessage);
  for (const tool of options.tools ?? []) {
    if (tool.type === 'function') {
      lines.push(`tool: ${tool.name}: ${tool.description ?? ''} ${JSON.stringify(tool.inputSchema)}`);
    } else {
      lines.push(`tool: ${tool.name}: ${JSON.stringify(tool.args)}`);
    }
  }
  return lines.join('\n');
}
