import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { builderPaths, fillPath } from './builder-pages.ts';
import { choose } from './choose.ts';
import { api, e2eSuite, logInThroughUi, screenshot, signUpThroughUi, uniqueEmail } from './harness.ts';
import { layoutProblems } from './layout.ts';
import { englishOn } from './no-english.ts';
import { createWalkFixtures } from './walk-fixtures.ts';

// Issue 17's visual step in a real browser: the command palette and a styled (Radix) select in
// English and Portuguese, and axe on every page of the builder in the light and the dark theme.

/** The name of the element that has the focus, as a screen reader would hear it. */
function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent ?? '');
}

describe('visual step: command palette, styled selects, axe on every page in both themes', () => {
  const suite = e2eSuite();
  const owner = { email: uniqueEmail('visual'), password: 'a long enough password' };
  const ids: Record<string, string> = {};

  it('the palette opens with Ctrl+K, filters, goes with the arrows and Enter, and Escape gives the focus back', async () => {
    const { context, page } = await suite.openPage();
    try {
      await signUpThroughUi(page, { name: 'Vera', company: 'Loja Visual', ...owner });
      const agent = await api<{ id: string }>(page, 'POST', '/v1/agents', {
        name: 'Concierge',
        system_prompt: 'You help.',
      });
      ids.agentId = agent.id;
      const search = page.getByRole('button', { name: 'Search', exact: true });
      await search.focus();
      await page.keyboard.press('Control+k');
      const palette = page.getByRole('dialog', { name: 'Go to' });
      await palette.waitFor();
      await palette.getByRole('option', { name: 'Concierge' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'command-palette', 'desktop');
      await page.keyboard.type('credent');
      expect(await palette.getByRole('option').allInnerTexts()).toEqual(['Credentials']);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Credentials', exact: true }).waitFor();
      await palette.waitFor({ state: 'detached' });

      // Arrow keys move through the entries; Escape closes without going anywhere, focus restored.
      await search.focus();
      await page.keyboard.press('Control+k');
      await palette.waitFor();
      await page.keyboard.type('concierge');
      await palette.getByRole('option', { name: 'Concierge' }).waitFor();
      await page.keyboard.press('Escape');
      await palette.waitFor({ state: 'detached' });
      expect(await focusedText(page)).toContain('Search');
      expect(new URL(page.url()).pathname).toBe('/credentials');
      await search.click();
      await page.keyboard.type('agents');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname.startsWith('/agents/'));
      await page.getByRole('heading', { name: 'Concierge' }).waitFor();
      // After the palette's checks: its conversations would match "Concierge" too.
      Object.assign(ids, await createWalkFixtures(page, agent.id));
    } finally {
      await context.close();
    }
  }, 240_000);

  it('in Portuguese: the palette and a styled select speak pt-BR and work with pointer and keyboard', async () => {
    const { context, page } = await suite.openPage({ locale: 'pt-BR', viewport: 'phone' });
    try {
      await logInInPortuguese(page);
      await page.getByRole('button', { name: 'Buscar', exact: true }).click();
      const palette = page.getByRole('dialog', { name: 'Ir para' });
      await palette.getByPlaceholder('Buscar páginas, agentes e conversas…').waitFor();
      await page.keyboard.type('agendamentos');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Agendamentos', exact: true }).waitFor();
      await screenshot(page, 'schedules-pt-br', 'phone');

      await page.goto(`/agents/${ids.agentId}`);
      const status = page.getByRole('combobox', { name: 'Status' });
      await status.waitFor();
      await choose(status, 'Ativo');
      expect(await status.textContent()).toContain('Ativo');
      // axe on the page as it rests: while the listbox is open Radix hides the page behind it
      // (aria-hidden, like a modal), which axe reports as focusable content inside aria-hidden.
      expect(await axeViolations(page)).toEqual([]);
      // Keyboard: focus, open with Enter, Escape closes without changing the choice.
      await status.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('listbox').waitFor();
      await screenshot(page, 'select-open-pt-br', 'phone');
      await page.keyboard.press('Escape');
      await page.getByRole('listbox').waitFor({ state: 'detached' });
      expect(await status.textContent()).toContain('Ativo');

      // "Testar" a safe tool at 390 px, in Portuguese (ADR 0066); axe on the open dialog.
      await api(page, 'PATCH', `/v1/agents/${ids.agentId}`, { tools: [{ name: 'calculator' }] });
      await page.reload();
      // The editor resets its form when the agent's data arrives: open the dialog once the page is at rest.
      await page.waitForLoadState('networkidle');
      await page.getByRole('button', { name: 'Testar calculator' }).click();
      const tester = page.getByRole('dialog', { name: 'Testar calculator' });
      await tester.getByLabel(/^Expressão/).fill('6 * 7');
      await tester.getByRole('button', { name: 'Executar' }).click();
      await tester.getByRole('region', { name: 'Resultado' }).or(tester.getByRole('alert')).first().waitFor();
      expect(await tester.textContent()).toContain('Respondeu em');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'tool-test-pt-br', 'phone');
      // Its close button, not Escape: a toast still open is the top layer, and Escape closes that first.
      await tester.getByRole('button', { name: 'Fechar' }).click();
      await tester.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  }, 240_000);

  /** Logs the owner in through the Portuguese form (the page's locale is pt-BR) and waits for the dashboard. */
  async function logInInPortuguese(page: Page): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(owner.email);
    await page.getByLabel('Senha').fill(owner.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Painel' }).waitFor();
  }

  /** Opens every builder page this company has (its ids filled in), ready, and hands it to `check`. */
  async function eachBuilderPage(page: Page, check: (path: string) => Promise<void>): Promise<void> {
    const paths = builderPaths();
    expect(paths).toContain('/agents');
    // Every page with an id is walked too: the first test made one of each (see createWalkFixtures).
    for (const path of paths) {
      const filled = fillPath(path, ids);
      expect(filled, `no fixture for ${path}`).toBeDefined();
      if (!filled) continue;
      await page.goto(filled);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
      await check(filled);
    }
  }

  // Every page is walked twice: in English, light, at 1280 px here (then the dark shell on three pages);
  // in Portuguese, dark, at 390 px below (axe again there, with the language and layout checks), as
  // screens.e2e walks its pages.
  it('axe finds nothing serious on every builder page in the light theme', async () => {
    const { context, page } = await suite.openPage({ colorScheme: 'light' });
    const found: string[] = [];
    try {
      await logInThroughUi(page, owner);
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(false);
      await eachBuilderPage(page, async (filled) => {
        for (const violation of await axeViolations(page)) found.push(`${filled}: ${violation}`);
      });
      // The dark theme at a desktop's width too, where the sidebar shows: the shell on three pages.
      await page.emulateMedia({ colorScheme: 'dark' });
      for (const path of ['/', '/agents', '/credentials']) {
        await page.goto(path);
        await page.locator('main h1').first().waitFor();
        await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
        expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
        for (const violation of await axeViolations(page)) found.push(`dark ${path}: ${violation}`);
        await screenshot(page, `dark${path === '/' ? '-dashboard' : path.replace('/', '-')}`, 'desktop');
      }
    } finally {
      await context.close();
    }
    expect(found).toEqual([]);
  }, 480_000);

  // Between a phone and a desktop: from 768 px the sidebar shows and a card is about as narrow as a phone's,
  // and at 1024 px the secondary columns come back. No page's table reaches past its card, nothing overflows.
  it('in Portuguese at 768 and 1024 px: no builder page overflows', async () => {
    const { context, page } = await suite.openPage({ locale: 'pt-BR', viewport: 'tablet' });
    const found: string[] = [];
    try {
      await logInInPortuguese(page);
      await eachBuilderPage(page, async (filled) => {
        for (const problem of await layoutProblems(page)) found.push(`768 px ${filled}: ${problem}`);
      });
      // At 1024 px the widest table, the runs' (its tokens stay hidden until 1280 px).
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.goto('/runs');
      await page.getByTestId('run-link').first().waitFor();
      for (const problem of await layoutProblems(page)) found.push(`1024 px /runs: ${problem}`);
    } finally {
      await context.close();
    }
    expect(found).toEqual([]);
  }, 480_000);

  // At a phone's width, where Portuguese labels are longest for their room: no English, and nothing
  // overflowing (a table's actions off screen, a label out of its button, a date split inside a number).
  it('in Portuguese, dark, at 390 px: axe finds nothing serious, no builder page shows English or overflows', async () => {
    const { context, page } = await suite.openPage({
      locale: 'pt-BR',
      viewport: 'phone',
      colorScheme: 'dark',
    });
    const found: string[] = [];
    try {
      await page.goto('/login');
      await page.evaluate(() => localStorage.setItem('renum.locale', 'pt-BR'));
      await logInInPortuguese(page);
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
      await eachBuilderPage(page, async (filled) => {
        for (const violation of await axeViolations(page)) found.push(`${filled}: ${violation}`);
        for (const text of await englishOn(page)) found.push(`${filled}: ${text}`);
        for (const problem of await layoutProblems(page)) found.push(`${filled}: ${problem}`);
        const slug = filled.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'id').replace(/[/?=&]+/g, '-');
        await screenshot(page, `pt-br${slug === '-' ? '-dashboard' : slug}`, 'phone');
      });
    } finally {
      await context.close();
    }
    expect(found).toEqual([]);
  }, 480_000);
});
