import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createElement } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';
import { base, ids } from './team-fixtures.ts';

// Every styled select the builder renders is counted (the real one renders under the counter).
const counted = vi.hoisted(() => ({ selects: 0 }));
vi.mock('../src/ui/select-menu.tsx', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/ui/select-menu.tsx')>();
  return {
    ...real,
    SelectMenu: (props: Parameters<typeof real.SelectMenu>[0]) => {
      counted.selects += 1;
      return createElement(real.SelectMenu, props);
    },
  };
});

beforeEach(storeSession);

describe('team builder renders (issue 17)', () => {
  it("re-renders only the edited step's selects on each keystroke, not all of the builder's", async () => {
    renderApp(
      fakeApi({ ...base, 'POST /v1/teams/validate': { status: 200, body: { valid: true, problems: [] } } }),
      `/teams/${ids.team}`,
    );
    const user = userEvent.setup();
    await screen.findByRole('img', { name: /Flow of the team/ });
    const everySelect = screen.getAllByRole('combobox').length;
    const billing = screen.getByTestId('step-2');
    const stepSelects = within(billing).getAllByRole('combobox').length;
    const role = within(billing).getByLabelText(/^Role/);
    await user.clear(role);
    counted.selects = 0;
    await user.type(role, 'financeiro');
    expect(screen.getByTestId('team-dsl').textContent).toContain('"financeiro"');
    // Ten keystrokes: the step's agent, input and source selects (its condition rows are memoised) once
    // each at most, where every select of the page re-rendered before (130 for the 13 here).
    expect(everySelect).toBeGreaterThanOrEqual(13);
    expect(counted.selects).toBeLessThanOrEqual(10 * (stepSelects - 2));
  }, 45_000);
});
