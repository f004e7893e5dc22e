import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { choose } from './choose.ts';
import { e2eSuite, logInThroughUi, screenshot } from './harness.ts';

describe('web: WhatsApp set-up screen (issues 12 and 15)', () => {
  const suite = e2eSuite();

  it('connects a number with a stored credential, shows the webhook URL, registers an approver number; accessible at both sizes', async () => {
    const { context, page } = await suite.openPage();
    try {
      await logInThroughUi(page, suite.server.demo);
      await page.goto('/credentials');
      await page.getByRole('heading', { name: 'Credentials', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Add credential' }).first().click();
      const credentialForm = page.getByRole('dialog');
      await choose(credentialForm.getByLabel('Service'), 'whatsapp');
      await credentialForm.getByLabel(/^Name/).fill('Loja');
      await credentialForm.getByLabel(/^Access token/).fill('EAAG-e2e-token-0042');
      await credentialForm.getByLabel(/^Phone number ID/).fill('123456789012');
      await credentialForm.getByRole('button', { name: 'Add credential' }).click();
      await credentialForm.waitFor({ state: 'detached' });

      await page.getByRole('link', { name: 'WhatsApp' }).first().click();
      await page.getByRole('heading', { name: 'WhatsApp', exact: true }).waitFor();
      await page.getByText('No WhatsApp number connected yet.').waitFor();
      await page.getByRole('button', { name: 'Connect a number' }).first().click();
      const form = page.getByRole('dialog');
      await form.getByRole('button', { name: 'Connect a number' }).click();
      await form.getByText('must be a phone number', { exact: false }).count();
      expect(await form.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
      await choose(form.getByLabel(/^Agent that answers/), 'Atendimento Renum');
      await choose(form.getByLabel(/^WhatsApp credential/), /^Loja/);
      await form.getByLabel(/^Phone number ID/).fill('123456789012');
      await form.getByLabel(/^Number as shown/).fill('+55 11 4000-0000');
      await form.getByLabel(/^Verify token/).fill('my-verify-token-1');
      await form.getByLabel(/^App secret/).fill('meta-app-secret-e2e');
      await form.getByLabel(/^Template outside 24 hours/).fill('hello_again');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'whatsapp-connect', 'desktop');
      await form.getByRole('button', { name: 'Connect a number' }).click();
      await form.waitFor({ state: 'detached' });
      await page.getByRole('row').filter({ hasText: '+55 11 4000-0000' }).waitFor();
      await page.getByText('/v1/channels/whatsapp/webhook').waitFor();
      expect(await page.content()).not.toContain('meta-app-secret-e2e');

      await page.getByLabel(/^My WhatsApp number/).fill('+55 11 98888-7777');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Your number was saved').first().waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'WhatsApp', exact: true }).waitFor();
      await expect.poll(() => page.getByLabel(/^My WhatsApp number/).inputValue()).toBe('+5511988887777');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'whatsapp', 'desktop');
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForLoadState('networkidle');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'whatsapp', 'phone');
    } finally {
      await context.close();
    }
  });
});
