import { describe, expect, it } from 'vitest';
import { e2eSuite, logInThroughUi, screenshot, signUpThroughUi, uniqueEmail, viewports } from './harness.ts';

describe('web builder: sign up, log in, stay logged in, log out', () => {
  const suite = e2eSuite();

  it('signs up and lands on the dashboard; a reload keeps the session; logout ends it', async () => {
    const { context, page } = await suite.openPage();
    try {
      await page.goto('/');
      // A logged-out visitor is sent to the login page.
      await page.getByRole('heading', { name: 'Log in to Renum' }).waitFor();
      await screenshot(page, 'login', 'desktop');
      await page.getByRole('link', { name: 'Create one' }).click();
      await page.getByRole('heading', { name: 'Create your Renum account' }).waitFor();
      await screenshot(page, 'signup', 'desktop');

      await signUpThroughUi(page, {
        name: 'Ana Souza',
        company: 'Loja da Ana',
        email: uniqueEmail(),
        password: 'correct horse battery',
      });
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await page.getByTestId('current-user').textContent()).toBe('Ana Souza');
      await screenshot(page, 'dashboard', 'desktop');

      await page.reload();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      expect(await page.getByTestId('current-user').textContent()).toBe('Ana Souza');

      // A deep link survives a reload too (the server answers index.html for page paths).
      await page.getByRole('link', { name: 'Agents', exact: true }).click();
      await page.getByRole('heading', { name: 'Agents', exact: true }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Agents', exact: true }).waitFor();

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Log in to Renum' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Log in to Renum' }).waitFor();
      expect(await page.evaluate(() => localStorage.getItem('renum.session'))).toBeNull();
    } finally {
      await context.close();
    }
  });

  it('shows the error of a failed login and validates before sending', async () => {
    const { context, page } = await suite.openPage();
    try {
      await page.goto('/login');
      await page.getByRole('button', { name: 'Log in' }).click();
      expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');

      await page.getByLabel('Email').fill(suite.server.demo.email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Log in' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Invalid email or password.' });
      await alert.waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
      await screenshot(page, 'login-failed', 'desktop');
    } finally {
      await context.close();
    }
  });

  it('works at a phone width: the printed demo login, the menu, Portuguese and the dark theme', async () => {
    const { context, page } = await suite.openPage({ viewport: 'phone' });
    try {
      await page.goto('/login');
      await screenshot(page, 'login', 'phone');
      await logInThroughUi(page, suite.server.demo);
      await screenshot(page, 'dashboard', 'phone');
      // No sideways scrolling at 390 px.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(viewports.phone.width);

      await page.getByRole('button', { name: 'Open menu' }).click();
      const menu = page.getByRole('dialog');
      await menu.getByRole('link', { name: 'Agents', exact: true }).waitFor();
      await screenshot(page, 'menu', 'phone');
      await menu.getByTestId('locale-switcher').selectOption('pt-BR');
      await menu.getByTestId('theme-switcher').selectOption('dark');
      await menu.getByRole('link', { name: 'Agentes' }).click();
      await page.getByRole('heading', { name: 'Agentes' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.className)).toContain('dark');
      await page.reload();
      await page.getByRole('heading', { name: 'Agentes' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('pt-BR');
      await screenshot(page, 'agents-pt-dark', 'phone');
    } finally {
      await context.close();
    }
  });

  it('opens in Portuguese for a Brazilian browser', async () => {
    const { context, page } = await suite.openPage({ locale: 'pt-BR', colorScheme: 'dark' });
    try {
      await page.goto('/login');
      await page.getByRole('heading', { name: 'Entrar no Renum' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.className)).toContain('dark');
      await screenshot(page, 'login-pt-dark', 'desktop');
    } finally {
      await context.close();
    }
  });
});
