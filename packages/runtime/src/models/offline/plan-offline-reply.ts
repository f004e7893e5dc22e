import type { LanguageModelV4CallOptions, LanguageModelV4FunctionTool } from '@ai-sdk/provider';
import { structuredAnswerInstruction } from '@renum/contracts';
import { readTopicAnalysisPrompt } from '../../routing/topic-analysis-prompt.ts';
import { answerFromContext } from './answer-from-context.ts';
import { answerStructured, type StructuredSchema } from './answer-structured.ts';
import { answerTopicAnalysis } from './answer-topic-analysis.ts';
import { composeDefaultAnswer } from './compose-default-answer.ts';
import { conformToolInput } from './conform-tool-input.ts';
import { CONTEXT_CLOSE_TAG, CONTEXT_OPEN_TAG, parseContextBlocks } from './context-block.ts';
import { detectLanguage, type OfflineLanguage } from './language.ts';
import { viewPrompt } from './prompt-view.ts';
import { summarizeToolResults } from './summarize-tool-results.ts';
import { detectToolIntents, type OfflineToolIntent } from './tool-intents.ts';

/** Which behaviour produced a reply; reported in provider metadata so tests and demos can see it. */
export type OfflineReplyKind = 'tool-summary' | 'topic' | 'structured' | 'tool-call' | 'context' | 'default';

/** What the offline model decided to say: text, or one tool call. */
export type OfflineReply =
  | { readonly type: 'text'; readonly kind: Exclude<OfflineReplyKind, 'tool-call'>; readonly text: string }
  | {
      readonly type: 'tool-call';
      readonly kind: 'tool-call';
      readonly toolName: string;
      readonly input: Record<string, unknown>;
    };

/** Map from intent to the tool names it may call, in order of preference. */
export type OfflineToolNames = Readonly<Record<OfflineToolIntent, readonly string[]>>;

function withoutContextBlocks(text: string): string {
  const start = text.indexOf(CONTEXT_OPEN_TAG);
  if (start < 0) return text;
  const end = text.indexOf(CONTEXT_CLOSE_TAG, start);
  const rest = end < 0 ? '' : text.slice(end + CONTEXT_CLOSE_TAG.length);
  return withoutContextBlocks(text.slice(0, start) + rest);
}

function offeredTools(call: LanguageModelV4CallOptions): LanguageModelV4FunctionTool[] {
  const choice = call.toolChoice ?? { type: 'auto' };
  if (choice.type === 'none') return [];
  const tools = (call.tools ?? []).filter(
    (tool): tool is LanguageModelV4FunctionTool => tool.type === 'function',
  );
  return choice.type === 'tool' ? tools.filter((tool) => tool.name === choice.toolName) : tools;
}

function planToolCall(
  call: LanguageModelV4CallOptions,
  message: string,
  language: OfflineLanguage,
  toolNames: OfflineToolNames,
): OfflineReply | null {
  const tools = offeredTools(call);
  if (tools.length === 0) return null;
  for (const detected of detectToolIntents(message, language)) {
    for (const name of toolNames[detected.intent]) {
      const tool = tools.find((candidate) => candidate.name === name);
      const input = tool === undefined ? null : conformToolInput(detected.values, tool.inputSchema);
      if (tool !== undefined && input !== null)
        return { type: 'tool-call', kind: 'tool-call', toolName: tool.name, input };
    }
  }
  const choice = call.toolChoice?.type;
  if (choice !== 'required' && choice !== 'tool') return null;
  // A forced call with no recognised request: hand the whole message to the first tool that accepts it.
  for (const tool of tools) {
    const input = conformToolInput({ input: message }, tool.inputSchema);
    if (input !== null) return { type: 'tool-call', kind: 'tool-call', toolName: tool.name, input };
  }
  return null;
}

/**
 * Decides the offline model's reply to one call, first rule that applies: (1) tool results after the
 * user's message → summarise them; (2) a topic-analysis prompt → the best topic; (3) a structured-output
 * request (a JSON schema) → JSON that fits it, chosen from the question; (4) the message asks for an
 * offered tool → call it; (5) the prompt carries a context block → quote the most relevant passage;
 * (6) otherwise the default answer. Pure and deterministic.
 */
export function planOfflineReply(
  call: LanguageModelV4CallOptions,
  toolNames: OfflineToolNames,
): OfflineReply {
  const view = viewPrompt(call.prompt);
  const question = withoutContextBlocks(view.lastUserText).trim();
  const language = detectLanguage(question || view.systemText);
  if (view.toolResults.length > 0) {
    return { type: 'text', kind: 'tool-summary', text: summarizeToolResults(view.toolResults, language) };
  }
  const topicRequest = readTopicAnalysisPrompt(view.lastUserText) ?? readTopicAnalysisPrompt(view.systemText);
  if (topicRequest !== null) return { type: 'text', kind: 'topic', text: answerTopicAnalysis(topicRequest) };
  if (call.responseFormat?.type === 'json' && call.responseFormat.schema) {
    const schema = call.responseFormat.schema as StructuredSchema;
    const asked = question.split(structuredAnswerInstruction)[0]?.trim() ?? question;
    return {
      type: 'text',
      kind: 'structured',
      text: JSON.stringify(answerStructured(schema, asked, language)),
    };
  }
  const toolCall = planToolCall(call, question, language, toolNames);
  if (toolCall !== null) return toolCall;
  const passages = parseContextBlocks(`${view.systemText}\n${view.lastUserText}`);
  if (passages.length > 0) {
    return { type: 'text', kind: 'context', text: answerFromContext({ question, passages, language }) };
  }
  return { type: 'text', kind: 'default', text: composeDefaultAnswer(question, language) };
}
