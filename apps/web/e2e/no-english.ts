import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { adminEn } from '../src/i18n/admin-console.en.ts';
import { errorCatalogue } from '../src/i18n/error-catalogue.ts';
import { messagesEn } from '../src/i18n/messages-en.ts';
import { messagesPtBr } from '../src/i18n/messages-pt-br.ts';
import { runStoryEn } from '../src/i18n/run-story.en.ts';
import { runStoryPtBr } from '../src/i18n/run-story.pt-br.ts';
import { scheduleTargetsEn } from '../src/i18n/schedule-targets.en.ts';
import { scheduleTargetsPtBr } from '../src/i18n/schedule-targets.pt-br.ts';

// Every catalogue: the one in the first load and the ones lazy chunks bring.
const english: Record<string, string> = {
  ...messagesEn,
  ...adminEn,
  ...runStoryEn,
  ...scheduleTargetsEn,
  ...errorCatalogue.en,
};
const portuguese: Record<string, string> = {
  ...messagesPtBr,
  ...runStoryPtBr,
  ...scheduleTargetsPtBr,
  ...errorCatalogue['pt-BR'],
};

/** Names that read the same in every language and are never translated. */
const properNames = new Set([
  'Renum',
  'English',
  'Português (Brasil)',
  'WhatsApp',
  'Suna',
  'API',
  'OpenAI',
  'Anthropic',
]);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The English catalogue's strings that differ from their Portuguese translation, as whole-text patterns:
 * a `{placeholder}` matches any text. A string the two catalogues share (a proper name, "Status") is
 * not English for this check.
 */
function englishPatterns(): Array<{ key: string; pattern: RegExp }> {
  const ptBr = portuguese;
  return Object.entries(english)
    .filter(
      ([key, text]) =>
        // A string that is mostly placeholders ("{spent} of {budget}") would match any data with " of ":
        // it takes a word of three letters besides them to tell English.
        ptBr[key] !== text && !properNames.has(text) && /[A-Za-z]{3}/.test(text.replace(/\{\w+\}/g, '')),
    )
    .map(([key, text]) => ({
      key,
      pattern: new RegExp(
        `^${text
          .split(/\{\w+\}/)
          .map(escapeRegExp)
          .join('.+')}$`,
        's',
      ),
    }));
}

/** Every visible text of the page, one entry per text node, and the names and hints people read. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim() ?? '';
      if (!parent || text === '' || parent.closest('script, style, pre')) continue;
      if (parent.checkVisibility({ visibilityProperty: true }) || parent.closest('.sr-only'))
        texts.push(text);
    }
    for (const element of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      if (!(element as HTMLElement).checkVisibility()) continue;
      for (const name of ['aria-label', 'placeholder', 'title']) {
        const value = element.getAttribute(name)?.trim();
        if (value) texts.push(value);
      }
    }
    return texts;
  });
}

/**
 * Fails when a visible text of the page (text, `aria-label`, `placeholder`, `title`) is one of the
 * English catalogue's strings, whole: a Portuguese page must show no English left (issue 17). Data the
 * page shows (names, messages) is not in the catalogue and passes; `allow` lists more exceptions.
 */
export async function expectNoEnglish(page: Page, options: { allow?: string[] } = {}): Promise<void> {
  expect(await englishOn(page, options), `English on ${page.url()}`).toEqual([]);
}

/** The visible texts of the page that are English catalogue strings, each with its key (see {@link expectNoEnglish}). */
export async function englishOn(page: Page, options: { allow?: string[] } = {}): Promise<string[]> {
  // A text that is itself a Portuguese string ("Status" is both) is Portuguese.
  const allowed = new Set([...properNames, ...Object.values(portuguese), ...(options.allow ?? [])]);
  const patterns = englishPatterns();
  const found = (await visibleTexts(page))
    .filter((text) => !allowed.has(text))
    .flatMap((text) => {
      const match = patterns.find(({ pattern }) => pattern.test(text));
      return match ? [`"${text}" (${match.key})`] : [];
    });
  return [...new Set(found)];
}
