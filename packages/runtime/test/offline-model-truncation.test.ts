import { generateText, stepCountIs } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOfflineProvider, defineTool, formatContextBlock, toAiSdkTools } from '../src/index.ts';

const offline = createOfflineProvider();
/** An emoji placed so that a cut by code units would keep only its first half. */
const emojiAt = (index: number, filler: string) => `${filler.repeat(index)}😀 and the rest`;

describe('the offline model cuts quoted text on character boundaries', () => {
  it('echoes a long message without splitting the emoji at the cut', async () => {
    const { text } = await generateText({ model: offline(), prompt: emojiAt(198, 'y') });
    expect(text).toContain(`"${'y'.repeat(198)}…"`);
    expect(text.isWellFormed()).toBe(true);
  });

  it('quotes a long context sentence without splitting the emoji at the cut', async () => {
    const sentence = `Refunds ${emojiAt(490, 'r')} take five business days`;
    const { text } = await generateText({
      model: offline(),
      system: formatContextBlock([{ source: 'policy.md', text: sentence }]),
      prompt: 'How long do refunds take?',
    });
    expect(text).toContain(`Refunds ${'r'.repeat(490)}…`);
    expect(text.isWellFormed()).toBe(true);
  });

  it('summarises a long tool result without splitting the emoji at the cut', async () => {
    const webScrape = defineTool({
      name: 'web_scrape',
      description: 'Reads a page',
      inputSchema: z.object({ url: z.string() }),
      execute: ({ url }) => ({ url, markdown: emojiAt(298, 'z') }),
    });
    const { text } = await generateText({
      model: offline(),
      tools: toAiSdkTools([webScrape]),
      stopWhen: stepCountIs(3),
      prompt: 'Read https://example.com/page',
    });
    expect(text).toContain(`${'z'.repeat(298)}…`);
    expect(text.isWellFormed()).toBe(true);
  });
});
