import { type MessageValues, useCatalogueT } from './i18n.tsx';
import { runStoryEn } from './run-story.en.ts';
import { runStoryPtBr } from './run-story.pt-br.ts';

/** A key of the run story catalogue. */
export type RunStoryKey = keyof typeof runStoryEn;

/** Translates a run story key: `tr('runs.toolTook', { tool, ms })`. */
export type RunStoryTranslate = (key: RunStoryKey, values?: MessageValues) => string;

/** True when `key` is in the run story catalogue. */
export function isRunStoryKey(key: string): key is RunStoryKey {
  return key in runStoryEn;
}

/**
 * The translator of the run story catalogue in the current language. Both languages' texts come with
 * the chunk that imports this (the run page, the playground), never with the first load (ADR 0036).
 */
export function useRunStoryT(): RunStoryTranslate {
  return useCatalogueT(runStoryEn, runStoryPtBr);
}
