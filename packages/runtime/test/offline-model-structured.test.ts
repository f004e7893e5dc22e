import { structuredAnswerInstruction } from '@renum/contracts';
import { generateText, jsonSchema, Output } from 'ai';
import { describe, expect, it } from 'vitest';
import { createOfflineProvider } from '../src/index.ts';

const classifier = jsonSchema<{ category: string }>({
  type: 'object',
  properties: { category: { type: 'string', enum: ['technical', 'billing'] } },
  required: ['category'],
  additionalProperties: false,
});

describe('offline model structured output', () => {
  const offline = createOfflineProvider();
  const classify = (prompt: string) =>
    generateText({ model: offline(), prompt, output: Output.object({ schema: classifier }) });

  it('answers JSON that fits the schema, choosing the enum value the question is about', async () => {
    const billing = await classify('Minha fatura veio cobrada duas vezes');
    expect(billing.output).toEqual({ category: 'billing' });
    expect(billing.providerMetadata?.offline?.kind).toBe('structured');
    expect((await classify('The app crashes with an error when I log in')).output).toEqual({
      category: 'technical',
    });
    // A team step repeats the schema in words after the question: its enum values are not the question.
    const step = `Minha fatura veio cobrada duas vezes\n\n${structuredAnswerInstruction}\n{"enum":["technical","billing"]}`;
    expect((await classify(step)).output).toEqual({ category: 'billing' });
    // Nothing relates: the first value, still valid.
    expect((await classify('Bom dia')).output).toEqual({ category: 'technical' });
  });

  it('fills every kind of property within its limits', async () => {
    const { output } = await generateText({
      model: offline(),
      prompt: 'Resuma o pedido',
      output: Output.object({
        schema: jsonSchema<Record<string, unknown>>({
          type: 'object',
          properties: {
            summary: { type: 'string', maxLength: 12 },
            score: { type: 'integer', minimum: 1 },
            urgent: { type: 'boolean' },
            tags: { type: 'array', items: { type: 'string', const: 'pedido' }, minItems: 2 },
            note: { type: ['string', 'null'], minLength: 1, maxLength: 3 },
          },
        }),
      }),
    });
    expect(output).toEqual({
      summary: expect.any(String),
      score: 1,
      urgent: false,
      tags: ['pedido', 'pedido'],
      note: expect.any(String),
    });
    const typed = output as { summary: string; note: string };
    expect(typed.summary.length).toBeLessThanOrEqual(12);
    expect(typed.note.length).toBeGreaterThanOrEqual(1);
    expect(typed.note.length).toBeLessThanOrEqual(3);
  });
});
