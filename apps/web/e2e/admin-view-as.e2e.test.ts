import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { type DemoLogin, e2eSuite, screenshot } from './harness.ts';

const text = {
  en: {
    email: 'Email',
    password: 'Password',
    logIn: 'Log in',
    viewAs: 'View as client',
    reason: /Reason/,
    start: 'Start read-only view',
    banner: /Viewing as Demo Company \(read-only\) — ends at/,
    agents: 'Agents',
    name: /^Name/,
    save: 'Save',
    refused: 'This is a read-only view: nothing can be changed while viewing as a client.',
    exit: 'Exit',
  },
  'pt-BR': {
    email: 'E-mail',
    password: 'Senha',
    logIn: 'Entrar',
    viewAs: 'Ver como cliente',
    reason: /Motivo/,
    start: 'Iniciar visualização somente leitura',
    banner: /Vendo como Demo Company \(somente leitura\) — termina às/,
    agents: 'Agentes',
    name: /^Nome/,
    save: 'Salvar',
    refused: 'Esta é uma visualização somente leitura: nada pode ser alterado enquanto você vê como cliente.',
    exit: 'Encerrar',
  },
} as const;

type Words = (typeof text)[keyof typeof text];

async function logIn(page: Page, login: DemoLogin, words: Words) {
  await page.goto('/login');
  await page.getByLabel(words.email).fill(login.email);
  await page.getByLabel(words.password).fill(login.password);
  await page.getByRole('button', { name: words.logIn }).click();
}

async function expectAccessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

/** Admin opens Demo Company, views as it, sees the banner and its agents, a save is refused, exits. */
async function viewAsFlow(
  page: Page,
  admin: DemoLogin,
  words: Words,
  shot: { viewport: 'desktop' | 'phone' },
) {
  await logIn(page, admin, words);
  await page.waitForURL(/\/admin/);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Demo Company' }).click();
  await page.getByRole('heading', { name: 'Demo Company', exact: true }).waitFor();
  const clientUrl = page.url();
  await page.getByRole('button', { name: words.viewAs }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(words.reason).fill('Ticket 42: wrong answers');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: words.start }).click();
  const banner = page.getByTestId('view-as-banner');
  await banner.getByText(words.banner).waitFor();
  await page.goto('/agents');
  await banner.waitFor();
  await page.getByRole('heading', { name: words.agents, exact: true }).waitFor();
  await page.getByRole('link', { name: 'Atendimento Renum' }).first().click();
  await page.getByRole('heading', { name: 'Atendimento Renum' }).waitFor();
  await page.getByLabel(words.name).first().fill('Changed by support');
  await page.getByRole('button', { name: words.save, exact: true }).click();
  await page.getByText(words.refused).first().waitFor();
  // The banner stays in sight at the top while the page scrolls beneath it.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  expect((await banner.boundingBox())?.y).toBe(0);
  await expectAccessible(page);
  await screenshot(page, 'admin-view-as', shot.viewport);
  await banner.getByRole('button', { name: words.exit }).click();
  await page.waitForURL(clientUrl);
  await page.getByRole('button', { name: words.viewAs }).waitFor();
  expect(await page.getByTestId('view-as-banner').count()).toBe(0);
}

describe('view as and global agents in the browser (ADR 0040)', () => {
  const suite = e2eSuite();
  const adminLogin = () =>
    JSON.parse(readFileSync(join(suite.server.dataDir, 'demo-credentials.json'), 'utf8'))
      .platformAdmin as DemoLogin;

  it('en, desktop: views the demo client read-only, is refused a save, exits; the owner sees it in their log', async () => {
    const { context, page } = await suite.openPage();
    try {
      await viewAsFlow(page, adminLogin(), text.en, { viewport: 'desktop' });
    } finally {
      await context.close();
    }
    const owner = await suite.openPage();
    try {
      await logIn(owner.page, suite.server.demo, text.en);
      await owner.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await owner.page.goto('/settings/company');
      const access = owner.page.getByTestId('support-access');
      await access.getByText(/viewed your account until .*Reason: Ticket 42: wrong answers/).waitFor();
      await access.getByText(/ended the view at/).waitFor();
      const agents = await owner.page.evaluate(async () => {
        const session = JSON.parse(localStorage.getItem('renum.session') ?? '{}') as { accessToken: string };
        const response = await fetch('/v1/agents', {
          headers: { authorization: `Bearer ${session.accessToken}` },
        });
        return ((await response.json()) as { data: Array<{ name: string }> }).data.map((agent) => agent.name);
      });
      expect(agents).not.toContain('Changed by support');
    } finally {
      await owner.context.close();
    }
  });

  it('pt-BR, phone: the same path in Portuguese at 390 px', async () => {
    const { context, page } = await suite.openPage({ viewport: 'phone', locale: 'pt-BR' });
    try {
      await viewAsFlow(page, adminLogin(), text['pt-BR'], { viewport: 'phone' });
    } finally {
      await context.close();
    }
  });

  it('global agents: the admin offers one, the owner copies it into their agents', async () => {
    const { context, page } = await suite.openPage();
    try {
      await logIn(page, adminLogin(), text.en);
      await page.waitForURL(/\/admin/);
      await page.goto('/admin/global-agents');
      await page.getByRole('heading', { name: 'Global agents', exact: true }).waitFor();
      await page.getByRole('button', { name: 'New global agent' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^Name/).fill('Receptionist');
      await dialog.getByLabel(/^Category/).fill('support');
      await dialog.getByLabel(/^System prompt/).fill('Greet visitors and route them.');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('cell', { name: 'Receptionist', exact: true }).waitFor();
      await expectAccessible(page);
      await screenshot(page, 'admin-global-agents', 'desktop');
    } finally {
      await context.close();
    }
    const phone = await suite.openPage({ viewport: 'phone' });
    try {
      await logIn(phone.page, suite.server.demo, text.en);
      await phone.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await phone.page.goto('/agents/global');
      await phone.page.getByRole('heading', { name: 'Receptionist' }).waitFor();
      await expectAccessible(phone.page);
      await screenshot(phone.page, 'global-agents', 'phone');
      await phone.page.getByRole('button', { name: 'Copy into my agents' }).click();
      await phone.page.getByRole('heading', { name: 'Receptionist' }).waitFor();
      await phone.page.waitForURL(/\/agents\/[0-9a-f-]{36}$/);
    } finally {
      await phone.context.close();
    }
  });
});
