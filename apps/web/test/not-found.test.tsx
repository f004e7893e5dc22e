import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { messagesEn } from '../src/i18n/messages-en.ts';
import { messagesPtBr } from '../src/i18n/messages-pt-br.ts';
import { fakeApi, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

beforeEach(storeSession);

describe('not found', () => {
  it('shows an unknown path inside the app layout, navigation kept', async () => {
    renderApp(fakeApi({ 'GET /v1/me': { status: 200, body: meAnswer() } }), '/no-such-page');
    expect(await screen.findByRole('heading', { name: messagesEn['notFound.title'] })).toBeTruthy();
    expect(
      screen.getAllByRole('navigation', { name: messagesEn['a11y.mainNavigation'] }).length,
    ).toBeGreaterThan(0);
    expect(document.querySelectorAll('main').length).toBe(1);
  });

  it('says a missing run is not found, in the reader’s language, with a way back instead of "Try again"', async () => {
    const runId = '0190a000-0000-7000-8000-0000000000e1';
    renderApp(
      fakeApi({
        'GET /v1/me': { status: 200, body: meAnswer() },
        [`GET /v1/runs/${runId}`]: { status: 404, body: { error: 'Run not found', code: 'RUN_NOT_FOUND' } },
      }),
      `/runs/${runId}`,
      'pt-BR',
    );
    expect(await screen.findByText(messagesPtBr['error.RUN_NOT_FOUND'])).toBeTruthy();
    expect(screen.getByText(messagesPtBr['states.notFound'])).toBeTruthy();
    expect(screen.queryByText(messagesPtBr['common.error'])).toBeNull();
    expect(screen.queryByRole('button', { name: messagesPtBr['common.retry'] })).toBeNull();
    expect(screen.getByRole('link', { name: messagesPtBr['notFound.back'] })).toBeTruthy();
  });
});
