import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { api, e2eSuite, screenshot, signUpThroughUi, uniqueEmail } from './harness.ts';

/** A free loopback port, so the server's public URL (in the embed snippet) is known before it starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Another site on another loopback origin: a shop page that pastes the embed snippet. */
async function startShop(snippet: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html lang="en"><head><title>Shop</title><style>button { background: red; }</style></head>` +
        `<body><main><h1>Shop</h1></main>${snippet()}</body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function sendAsVisitor(page: Page, text: string) {
  await page.getByLabel('Your message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

const port = await freePort();

describe('public agents: the page /a/{slug}, the widget on another site, the limits (issue 12)', () => {
  const suite = e2eSuite({ PORT: String(port), RENUM_PUBLIC_URL: `http://127.0.0.1:${port}` });
  let snippet = '';
  let shop: { server: Server; origin: string };
  beforeAll(async () => {
    shop = await startShop(() => snippet);
  });
  afterAll(async () => {
    // The browser may still hold keep-alive connections to the shop: closed, so close() does not wait.
    shop?.server.closeAllConnections();
    await new Promise((resolve) => shop?.server.close(resolve));
  });

  it('chats as a visitor without login, shows it in the inbox, embeds on an allowed site only, and says when the limit is reached', async () => {
    const owner = await suite.openPage();
    const visitor = await suite.openPage();
    try {
      await signUpThroughUi(owner.page, {
        name: 'Rita Alves',
        company: 'Loja Azul',
        email: uniqueEmail('public'),
        password: 'correct horse battery',
      });
      const { wizard_id: id } = await api<{ wizard_id: string }>(
        owner.page,
        'POST',
        '/v1/agents/wizard/start',
      );
      const steps = {
        1: { name: 'Loja Azul Help', template: 'faq', niche: 'shop' },
        2: { personality: ['friendly'], tone: 'friendly', language: 'en' },
        4: { channel: 'web', is_public: true, allowed_origins: [shop.origin], daily_message_cap: 3 },
      };
      for (const [step, body] of Object.entries(steps)) {
        await api(owner.page, 'PUT', `/v1/agents/wizard/${id}/step/${step}`, body);
      }
      const published = await api<{ public_url: string; embed_snippet: string; slug: string }>(
        owner.page,
        'POST',
        `/v1/agents/wizard/${id}/publish`,
      );
      expect(published.embed_snippet).toBe(
        `<script src="http://127.0.0.1:${port}/widget.js" data-agent="${published.slug}" async></script>`,
      );
      snippet = published.embed_snippet;

      // The public page, in a fresh browser context with no session: branded, streamed, accessible.
      await visitor.page.goto(published.public_url);
      await visitor.page.getByRole('heading', { name: 'Loja Azul Help' }).waitFor();
      expect(await visitor.page.title()).toBe('Loja Azul Help');
      await sendAsVisitor(visitor.page, 'Do you deliver on Sundays?');
      const log = visitor.page.getByRole('log');
      await log.locator('.user', { hasText: 'Do you deliver on Sundays?' }).waitFor();
      await expect
        .poll(() => log.locator('.assistant').textContent(), { timeout: 20_000 })
        .not.toMatch(/^(Writing…)?$/);
      expect(await axeViolations(visitor.page)).toEqual([]);
      await screenshot(visitor.page, 'public-page', 'desktop');
      const phone = await suite.openPage({ viewport: 'phone', locale: 'pt-BR' });
      try {
        await phone.page.goto(published.public_url);
        await phone.page.getByLabel('Sua mensagem').waitFor();
        await screenshot(phone.page, 'public-page', 'phone');
      } finally {
        await phone.context.close();
      }

      // The owner sees the visitor's conversation in the inbox.
      const conversations = await api<{ data: Array<{ id: string; channel: string }> }>(
        owner.page,
        'GET',
        `/v1/conversations?agent_id=${id}`,
      );
      const web = conversations.data.find((conversation) => conversation.channel === 'web');
      expect(web).toBeDefined();
      await owner.page.goto(`/inbox?conversation=${web!.id}`);
      await owner.page.getByRole('heading', { name: 'Inbox' }).waitFor();
      await owner.page.getByText('Do you deliver on Sundays?').first().waitFor();

      // The widget on the shop (another origin): a bubble that opens a dialog, keyboard first.
      await visitor.page.goto(shop.origin);
      const bubble = visitor.page.getByRole('button', { name: 'Open the chat with Loja Azul Help' });
      await bubble.focus();
      await visitor.page.keyboard.press('Enter');
      const dialog = visitor.page.getByRole('dialog', { name: 'Loja Azul Help' });
      await dialog.waitFor();
      // Same visitor, same backend: the page's conversation is already there.
      await dialog.locator('.user', { hasText: 'Do you deliver on Sundays?' }).waitFor();
      await sendAsVisitor(visitor.page, 'Is there a shop in Recife?');
      await expect.poll(() => dialog.locator('.assistant').count(), { timeout: 20_000 }).toBe(2);
      // The shop's CSS (red buttons) does not reach inside.
      const sendColour = await dialog
        .getByRole('button', { name: 'Send' })
        .evaluate((button) => getComputedStyle(button).backgroundColor);
      expect(sendColour).not.toBe('rgb(255, 0, 0)');
      await screenshot(visitor.page, 'widget-open', 'desktop');
      // Send comes back when the answer has streamed to its end: seconds on a loaded machine, past the poll's
      // default second (a fresh clone's run failed here while the answer was still streaming).
      await expect
        .poll(() => dialog.getByRole('button', { name: 'Send' }).isEnabled(), { timeout: 20_000 })
        .toBe(true);
      await visitor.page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await bubble.evaluate((element) => element.matches(':focus'))).toBe(true);

      // The daily cap (3) reached on the public page: the page says so.
      await visitor.page.goto(published.public_url);
      await sendAsVisitor(visitor.page, 'One more question');
      await visitor.page.getByRole('log').locator('.user', { hasText: 'One more question' }).waitFor();
      await sendAsVisitor(visitor.page, 'And another one');
      await visitor.page
        .getByRole('alert')
        .getByText('This agent has answered all the messages it can today. Try again tomorrow.')
        .waitFor();

      // The shop removed from the allowed origins: the widget refuses to show there.
      await api(owner.page, 'PATCH', `/v1/agents/${id}`, { allowed_origins: [] }); // the wizard's id is the agent's
      await visitor.page.goto(shop.origin);
      await visitor.page
        .locator(`[data-renum-widget="${published.slug}"][data-state="refused"]`)
        .waitFor({ state: 'attached' });
      expect(await visitor.page.getByRole('button', { name: /Open the chat/ }).count()).toBe(0);
    } finally {
      await visitor.context.close();
      await owner.context.close();
    }
  });
});
