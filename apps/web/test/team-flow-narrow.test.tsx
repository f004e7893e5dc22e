import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';
import { base, ids } from './team-fixtures.ts';

beforeEach(storeSession);

// happy-dom applies no stylesheet: what the browser shows at each width is the classes' business (the
// teams e2e checks it at 390 px); here, that both forms are there, each behind its container query.
describe('team flow in a narrow container (a phone)', () => {
  it('is also a top-to-bottom list that says what each step comes after, the graph only from 36rem', async () => {
    renderApp(fakeApi(base), `/teams/${ids.team}`);
    const graph = await screen.findByRole('img', { name: /Flow of the team/ });
    const list = screen.getByRole('list', { name: 'Flow' });
    const flow = screen.getByTestId('team-flow');
    // The container query measures the card, not the page: its width decides.
    expect(flow.className.split(' ')).toContain('@container');
    expect(flow.contains(list) && flow.contains(graph)).toBe(true);
    expect(list.className.split(' ')).toContain('@xl:hidden');
    // A flow wider than its card scrolls sideways: the box is a keyboard stop to scroll it without a mouse.
    expect(screen.getByTestId('team-diagram').tabIndex).toBe(0);
    const graphBox = screen.getByTestId('team-diagram').className.split(' ');
    expect(graphBox).toEqual(expect.arrayContaining(['hidden', '@xl:block', 'overflow-x-auto']));
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      'Initial prompt',
      '1. classifierClassifierafter: Initial prompt',
      '2. technical_supportTechafter: 1. classifier',
      '3. billing_supportBillingafter: 1. classifier',
    ]);
  });

  it('reads in Portuguese', async () => {
    renderApp(fakeApi(base), `/teams/${ids.team}`, 'pt-BR');
    const list = await screen.findByRole('list', { name: 'Fluxo' });
    expect(within(list).getAllByRole('listitem')[3]!.textContent).toBe(
      '3. billing_supportBillingdepois de: 1. classifier',
    );
  });
});
