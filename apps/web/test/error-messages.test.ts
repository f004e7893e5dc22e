import { errorStatus, runNoteCodes, runOnlyErrorCodes } from '@renum/contracts';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../src/i18n/error-catalogue.ts';
import { messagesEn } from '../src/i18n/messages-en.ts';
import { messagesPtBr } from '../src/i18n/messages-pt-br.ts';
import { runStoryEn } from '../src/i18n/run-story.en.ts';
import { runStoryPtBr } from '../src/i18n/run-story.pt-br.ts';

// The first load's catalogue and the error messages loaded after it.
const en: Record<string, string> = { ...messagesEn, ...errorCatalogue.en };
const ptBr: Record<string, string> = { ...messagesPtBr, ...errorCatalogue['pt-BR'] };

describe('messages for every code the server can send', () => {
  // `errorStatus` is the one table of the API's error codes (AppError only takes its keys); a run's
  // `error` event may also carry the run-only codes.
  const errorCodes = [...Object.keys(errorStatus), ...runOnlyErrorCodes];

  it.each(errorCodes)('error code %s reads as a sentence in English and Portuguese', (code) => {
    const key = `error.${code}`;
    expect(en[key], `${key} missing in English`).toBeTruthy();
    expect(ptBr[key], `${key} missing in Portuguese`).toBeTruthy();
    expect(ptBr[key], `${key} is not translated`).not.toBe(en[key]);
  });

  it.each([...runNoteCodes])('run note %s (ADR 0052) is translated, with the same placeholders', (code) => {
    const key = `runNote.${code}`;
    const storyEn: Record<string, string> = runStoryEn;
    const storyPtBr: Record<string, string> = runStoryPtBr;
    expect(storyEn[key], `${key} missing in English`).toBeTruthy();
    expect(storyPtBr[key], `${key} missing in Portuguese`).toBeTruthy();
    expect(storyPtBr[key]).not.toBe(storyEn[key]);
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    expect(placeholders(storyPtBr[key]!)).toEqual(placeholders(storyEn[key]!));
  });
});
