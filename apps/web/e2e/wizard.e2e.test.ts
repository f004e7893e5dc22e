import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { choose } from './choose.ts';
import { e2eSuite, screenshot, signUpThroughUi, uniqueEmail } from './harness.ts';

/** jsqr is CommonJS (its export also carries itself as `default`), typed differently per module setting. */
const decodeQr = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

describe('web: the agent wizard (issue 12)', () => {
  const suite = e2eSuite();

  it('takes a new user through four steps, the sandbox and publishing to a link with a QR code', async () => {
    const { context, page } = await suite.openPage();
    try {
      await signUpThroughUi(page, {
        name: 'Ana',
        company: 'Clínica Sorriso',
        email: uniqueEmail('wizard'),
        password: 'a-long-password-1',
      });
      await page.goto('/agents');
      await page.getByRole('button', { name: 'Create with the wizard' }).click();
      await page.getByRole('heading', { name: 'Create an agent' }).waitFor();
      expect(await page.locator('[aria-current="step"]').textContent()).toContain('Basics');

      // Step 1: Next with empty fields keeps the person on the step and names the fields.
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('alert').first().waitFor();
      await page.getByLabel(/^Agent name/).fill('Sorriso Bot');
      await choose(page.getByLabel(/^Template/), 'Scheduling');
      await page.getByLabel(/^Business niche/).fill('dental clinic');
      await page.getByRole('button', { name: 'Next' }).click();

      await page.getByRole('heading', { name: 'Personality and tone' }).waitFor();
      await page.getByLabel(/^Personality traits/).fill('patient, warm');
      await choose(page.getByLabel(/^Tone/), 'Professional');
      await page.getByRole('button', { name: 'Next' }).click();
      // The live preview shows the prompt the server wrote from steps 1 and 2.
      await page.locator('pre', { hasText: 'Your personality: patient, warm.' }).waitFor();

      await page.getByRole('heading', { name: 'Custom fields' }).waitFor();
      await page.getByRole('button', { name: 'Add a field' }).click();
      await page.getByLabel(/^Label/).fill('Opening hours');
      await page.getByLabel(/^Value/).fill('Mon–Fri 8am–6pm');
      await page.getByLabel(/^Label/).blur();
      expect(await page.getByLabel(/^Variable key/).inputValue()).toBe('opening_hours');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.locator('pre', { hasText: '{{config.opening_hours}}' }).waitFor();

      await page.getByRole('heading', { name: 'Integrations' }).waitFor();
      await choose(page.getByLabel(/^Main channel/), 'Web (public page and widget)');
      await page.getByLabel('Current time').check();
      await screenshot(page, 'wizard-step-4', 'desktop');
      await page.getByRole('button', { name: 'Review and publish' }).click();

      // The sandbox answers the draft before it is published.
      await page.getByRole('button', { name: 'Try the agent' }).click();
      await page.getByLabel('Message').fill('When are you open?');
      await page.getByLabel('Message').press('Enter');
      await page.locator('ol[aria-busy="false"] li').nth(1).waitFor({ timeout: 60_000 });

      await page.getByRole('button', { name: 'Publish the agent' }).click();
      await page.getByRole('heading', { name: 'Published' }).waitFor();
      const link = page.getByRole('link', { name: /\/a\/sorriso-bot/ });
      const publicUrl = await link.getAttribute('href');
      expect(publicUrl).toMatch(/\/a\/sorriso-bot(-[0-9a-f]{6})?$/);
      const qr = await page.getByRole('img', { name: /^QR code of/ }).getAttribute('src');
      expect(qr).toMatch(/^data:image\/png;base64,/);
      const png = PNG.sync.read(Buffer.from(qr!.split(',')[1]!, 'base64'));
      const decoded = decodeQr(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(decoded?.data).toBe(publicUrl);
      expect(await page.getByLabel(/^Snippet/).inputValue()).toContain('data-agent="sorriso-bot');
      await screenshot(page, 'wizard-published', 'desktop');
    } finally {
      await context.close();
    }
  });

  it('is usable on a phone, in Portuguese', async () => {
    const { context, page } = await suite.openPage({ viewport: 'phone' });
    try {
      await signUpThroughUi(page, {
        name: 'Bia',
        company: 'Loja',
        email: uniqueEmail('assistente'),
        password: 'uma-senha-longa-1',
      });
      await page.evaluate(() => localStorage.setItem('renum.locale', 'pt-BR'));
      await page.goto('/agents');
      await page.getByRole('button', { name: 'Criar com o assistente' }).click();
      await page.getByRole('heading', { name: 'Nome, modelo e nicho' }).waitFor();
      await page.getByLabel(/^Nome do agente/).fill('Atendente da Loja');
      await page.getByLabel(/^Nicho do negócio/).fill('loja de calçados');
      // Autosave: the name reaches the server without pressing Avançar.
      await page.getByText('Todas as alterações foram salvas').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow).toBe(false);
      await screenshot(page, 'wizard-step-1', 'phone');
    } finally {
      await context.close();
    }
  });
});
