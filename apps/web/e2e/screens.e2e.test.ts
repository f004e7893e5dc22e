import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { choose } from './choose.ts';
import { e2eSuite, screenshot, signUpThroughUi, uniqueEmail } from './harness.ts';

/** Calls the API with the page's own session (for what has no screen: a visitor talking to an agent). */
function api(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ([method, path, body]) => {
      const { accessToken } = JSON.parse(localStorage.getItem('renum.session') ?? '{}');
      const response = await fetch(path as string, {
        method: method as string,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return response.status === 204 ? null : response.json();
    },
    [method, path, body] as const,
  );
}

/** Each new screen: its path and its heading in English and in Portuguese. */
const pages = (contactPath: string, templatePath: string): Array<[string, string, string, string]> => [
  ['/', 'Dashboard', 'Painel', 'dashboard-checklist'],
  ['/prompt-templates', 'Prompt templates', 'Modelos de prompt', 'prompt-templates'],
  [templatePath, 'Support tone', 'Support tone', 'prompt-template'],
  ['/contacts', 'Contacts', 'Contatos', 'contacts'],
  [contactPath, 'Maria Silva', 'Maria Silva', 'contact'],
  ['/notifications', 'Notifications', 'Notificações', 'notifications'],
  ['/settings/company', 'Company', 'Empresa', 'company'],
];

describe('issue 17 screens: first-run checklist, templates, contacts, notifications, company', () => {
  const suite = e2eSuite();

  // Set by the first test, read by the second (one server, one company for both).
  let contactPath = '';
  let templatePath = '';
  const owner = { email: uniqueEmail('screens'), password: 'a long enough password' };

  it('a new company follows the checklist, uses a template version, erases a contact, sets Portuguese', async () => {
    const { context, page } = await suite.openPage();
    try {
      await signUpThroughUi(page, { name: 'Ana', company: 'Loja da Ana', ...owner });
      const checklist = page.getByTestId('first-run-checklist');
      await checklist.getByText('0 of 4 done').waitFor();
      await checklist.getByRole('link', { name: /Create an agent/ }).click();
      await page.getByRole('heading', { name: 'New agent' }).waitFor();
      await page.getByLabel(/^Name/).fill('Helper');
      await page.getByLabel('System prompt').fill('You help customers.');
      await page.getByRole('button', { name: 'Create agent' }).click();
      await page.getByRole('link', { name: 'Chat in playground' }).waitFor();
      const agentId = new URL(page.url()).pathname.split('/').at(-1)!;
      await page.getByRole('link', { name: 'Dashboard' }).first().click();
      await checklist.getByText('1 of 4 done').waitFor();
      expect(await checklist.locator('[data-step="agent"]').getAttribute('data-done')).toBe('true');

      // A visitor talks to the agent: that makes a contact with a conversation, and ticks "try it".
      const conversation = await api(page, 'POST', `/v1/agents/${agentId}/conversations`, {
        contact: { external_id: 'wa:5511900000001', name: 'Maria Silva', phone: '+55 11 90000-0001' },
      });
      await page.reload();
      await checklist.getByText('2 of 4 done').waitFor();

      // Prompt template: create, add a version, compare, use in the agent.
      await page.getByRole('link', { name: 'Prompt templates' }).first().click();
      await page.getByText('No prompt templates yet.').waitFor();
      await page.getByRole('button', { name: 'New template' }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^Name/).fill('Support tone');
      await dialog.getByLabel(/^Prompt text/).fill('Be brief.\nAnswer in English.');
      await dialog.getByRole('button', { name: 'New template' }).click();
      await page.getByRole('heading', { name: 'Support tone' }).waitFor();
      templatePath = new URL(page.url()).pathname;
      await page.getByLabel(/^Prompt text/).fill('Be brief.\nAnswer in Portuguese.');
      await page.getByRole('button', { name: 'Save as version 2' }).click();
      await page.getByText('1 lines added, 1 removed').waitFor();
      expect(await page.locator('[data-kind="removed"]').textContent()).toContain('Answer in English.');
      await choose(page.getByLabel('Agent', { exact: true }), 'Helper');
      await page.getByRole('button', { name: 'Use version 2' }).click();
      await page
        .getByRole('note')
        .getByText(/prompt template version/)
        .waitFor();
      expect(await page.getByLabel('System prompt').inputValue()).toBe('Be brief.\nAnswer in Portuguese.');

      // Contacts: search, open, erase with the typed word; the conversation goes with the person.
      await page.getByRole('link', { name: 'Contacts' }).first().click();
      await page.getByLabel('Search by name, phone, email or id').fill('90000');
      await page.getByRole('link', { name: 'Maria Silva' }).click();
      await page.getByRole('heading', { name: 'Maria Silva' }).waitFor();
      contactPath = new URL(page.url()).pathname;
      await page.getByRole('link', { name: /^Conversation of/ }).waitFor();
      await page.getByRole('button', { name: 'Erase this person' }).click();
      const erase = page.getByRole('dialog');
      const confirm = erase.getByRole('button', { name: 'Erase for good' });
      expect(await confirm.isDisabled()).toBe(true);
      await erase.getByLabel(/^Type ERASE to confirm/).fill('erase');
      await confirm.click();
      await page.getByText('No contacts yet.').waitFor();
      const gone = await api(page, 'GET', `/v1/conversations/${conversation.id}`);
      expect(gone.code).toBe('CONVERSATION_NOT_FOUND');

      // Company: a new name, Portuguese and São Paulo time; the plan is shown read-only.
      await page.getByRole('link', { name: 'Company', exact: true }).first().click();
      await page.getByText('Plan and limits').waitFor();
      await page.getByLabel(/^Company name/).fill('Loja Nova');
      await choose(page.getByRole('main').getByLabel(/^Language/), 'Português (Brasil)');
      await choose(page.getByLabel(/^Time zone/), 'America/Sao_Paulo');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      // Nobody picked a language in this browser yet: the app follows the company's, at once.
      await page.getByRole('heading', { name: 'Empresa', exact: true }).waitFor();
      await page.getByTestId('locale-switcher').first().selectOption('en');
      await page.getByRole('heading', { name: 'Company', exact: true }).waitFor();
      const me = await api(page, 'GET', '/v1/me');
      expect(me.client).toMatchObject({
        name: 'Loja Nova',
        settings: { language: 'pt-BR', timezone: 'America/Sao_Paulo' },
      });

      // A second contact for the screenshots, then every page in English at 1280 px, light theme, with axe.
      await api(page, 'POST', `/v1/agents/${agentId}/conversations`, {
        contact: { external_id: 'wa:5511900000002', name: 'Maria Silva' },
      });
      const contacts = await api(page, 'GET', '/v1/contacts');
      contactPath = `/contacts/${contacts.data[0].id}`;
    } finally {
      await context.close();
    }
  });

  it('every new page passes axe in English (light, 1280 px) and in Portuguese (dark, 390 px)', async () => {
    expect(contactPath).not.toBe('');
    const { context, page } = await suite.openPage();
    try {
      await page.goto('/login');
      await page.evaluate(() => localStorage.setItem('renum.locale', 'en'));
      await page.getByLabel('Email').fill(owner.email);
      await page.getByLabel('Password').fill(owner.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
      for (const [path, heading, , name] of pages(contactPath, templatePath)) {
        await page.goto(path);
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
        await page.waitForLoadState('networkidle');
        expect(await axeViolations(page), `${path} (light)`).toEqual([]);
        await screenshot(page, name, 'desktop');
      }
    } finally {
      await context.close();
    }

    // The same pages in Portuguese, dark theme, at 390 px, with axe.
    const phone = await suite.openPage({ viewport: 'phone', colorScheme: 'dark' });
    try {
      // A colleague's browser (no language chosen) opens in the company's language after logging in.
      await phone.page.goto('/login');
      await phone.page.getByLabel('Email').fill(owner.email);
      await phone.page.getByLabel('Password').fill(owner.password);
      await phone.page.getByRole('button', { name: 'Log in' }).click();
      await phone.page.getByRole('heading', { name: 'Painel', exact: true }).waitFor();
      for (const [path, , heading, name] of pages(contactPath, templatePath)) {
        await phone.page.goto(path);
        await phone.page.getByRole('heading', { name: heading, exact: true }).waitFor();
        await phone.page.waitForLoadState('networkidle');
        expect(await axeViolations(phone.page), `${path} (dark)`).toEqual([]);
        const text = ((await phone.page.locator('main').textContent()) ?? '').toLowerCase();
        for (const english of ['get started', 'prompt text', 'search', 'unread', 'time zone', 'versions']) {
          expect(text, `${path} shows English "${english}"`).not.toContain(english);
        }
        await screenshot(phone.page, name, 'phone');
      }
    } finally {
      await phone.context.close();
    }
  });
});
