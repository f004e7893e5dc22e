import { describe, expect, it } from 'vitest';
import { runStoryEn } from '../src/i18n/run-story.en.ts';
import { runStoryPtBr } from '../src/i18n/run-story.pt-br.ts';
import type { RunStoryTranslate } from '../src/i18n/run-story.ts';
import { runNoteText } from '../src/lib/run-note-text.ts';

const translator =
  (catalogue: Record<string, string>): RunStoryTranslate =>
  (key, values) =>
    catalogue[key]!.replace(/\{(\w+)\}/g, (whole, name: string) => String(values?.[name] ?? whole));
const pt = translator(runStoryPtBr);
const en = translator(runStoryEn);
const ended = (outcome: string) => ({
  content: `billing: ${outcome}`,
  content_code: 'step.ended',
  content_params: { role: 'billing', outcome },
});

describe('a team step’s outcome note (issue 17)', () => {
  it('reads its state and the engine’s own reasons in Portuguese', () => {
    expect(runNoteText(ended('completed'), pt)).toBe('billing terminou (concluída)');
    expect(runNoteText(ended('skipped: no condition holds or an earlier step failed'), pt)).toBe(
      'billing terminou (pulada: nenhuma condição valeu ou uma etapa anterior falhou)',
    );
    expect(runNoteText(ended('cancelled'), pt)).toBe('billing terminou (cancelada)');
  });

  it('keeps an error’s own text after the translated state, and an unknown outcome as it came', () => {
    expect(runNoteText(ended('failed: model timed out'), pt)).toBe(
      'billing terminou (falhou: model timed out)',
    );
    expect(runNoteText(ended('failed: model timed out'), en)).toBe('billing ended (failed: model timed out)');
    expect(runNoteText(ended('paused'), pt)).toBe('billing terminou (paused)');
  });
});
