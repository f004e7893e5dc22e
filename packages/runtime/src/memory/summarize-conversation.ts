import type { LanguageModelV4 } from '@ai-sdk/provider';
import { generateText } from 'ai';

/** One turn to fold into a summary. */
export interface SummaryTurn {
  role: 'user' | 'assistant';
  text: string;
}

/**
 * Folds older turns into a rolling summary (seed 004 #1): the previous summary plus the turns
 * that no longer fit the prompt's history budget, rewritten by the model as a short text that
 * keeps names, numbers, decisions and open questions.
 */
export async function summarizeConversation(options: {
  model: LanguageModelV4;
  previousSummary: string | null;
  turns: readonly SummaryTurn[];
  abortSignal?: AbortSignal | undefined;
  /** @defaultValue 400 */
  maxOutputTokens?: number;
}): Promise<{ summary: string; inputTokens: number; outputTokens: number }> {
  const transcript = options.turns
    .map((turn) => `${turn.role === 'user' ? 'Cliente' : 'Agente'}: ${turn.text}`)
    .join('\n');
  const result = await generateText({
    model: options.model,
    system:
      'Resuma a conversa abaixo em até 8 frases curtas, no idioma da conversa. Preserve nomes, números, ' +
      'datas, pedidos, decisões e perguntas em aberto. Responda apenas com o resumo.',
    prompt: [
      options.previousSummary ? `Resumo anterior:\n${options.previousSummary}\n` : '',
      `Novas mensagens:\n${transcript}`,
    ].join('\n'),
    maxOutputTokens: options.maxOutputTokens ?? 400,
    maxRetries: 1,
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  return {
    summary: result.text.trim(),
    inputTokens: result.usage.inputTokens ?? 0,
    outputTokens: result.usage.outputTokens ?? 0,
  };
}
