import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { chooseOption } from './choose-option.ts';
import { type FakeRequest, fakeApi } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';
import { base, definition, ids, team } from './team-fixtures.ts';

beforeEach(storeSession);

/** The seed's classifier schema (issue 14). */
const classifierSchema = {
  type: 'object',
  properties: { category: { type: 'string', enum: ['billing', 'technical'] } },
  required: ['category'],
};

type SavedBody = { workflow_definition: typeof definition & { agents: Array<Record<string, unknown>> } };

/** The fake server of the builder: the team (as given), validation that finds nothing, and saving. */
function builderApi(loaded: typeof team) {
  return fakeApi({
    ...base,
    [`GET /v1/teams/${ids.team}`]: { status: 200, body: loaded },
    'POST /v1/teams/validate': { status: 200, body: { valid: true, problems: [] } },
    [`PATCH /v1/teams/${ids.team}`]: (request: FakeRequest) => ({
      status: 200,
      body: { ...loaded, ...(request.body as object) },
    }),
  });
}

const saves = (api: { requests: FakeRequest[] }) =>
  api.requests.filter((request) => request.method === 'PATCH');

describe('team builder output schema', () => {
  it('stores a typed schema in the step, saves it, and suggests its fields to later conditions', async () => {
    const api = builderApi(team);
    renderApp(api, `/teams/${ids.team}`);
    const user = userEvent.setup();
    const classifier = await screen.findByTestId('step-0');
    const field = within(classifier).getByLabelText('Output schema (JSON)');
    expect((field as HTMLTextAreaElement).value).toBe('');
    expect(field.getAttribute('aria-describedby')).toBeTruthy();
    await user.click(field);
    await user.paste(JSON.stringify(classifierSchema));
    await waitFor(() => expect(screen.getByTestId('team-dsl').textContent).toContain('"output_schema"'));

    // The billing step's condition path suggests the classifier's fields; choosing the result fills one in.
    const billing = screen.getByTestId('step-2');
    const path = within(billing).getByLabelText('Path');
    const suggestions = document.getElementById(path.getAttribute('list') ?? '');
    expect([...(suggestions?.querySelectorAll('option') ?? [])].map((option) => option.value)).toEqual([
      'category',
    ]);
    await user.clear(path);
    await chooseOption(user, within(billing).getByRole('combobox', { name: 'Field' }), 'Initial prompt');
    await chooseOption(user, within(billing).getByRole('combobox', { name: 'Field' }), /classifier/);
    expect((within(billing).getByLabelText('Path') as HTMLInputElement).value).toBe('category');

    await user.click(screen.getByRole('button', { name: 'Save team' }));
    await waitFor(() => expect(saves(api)).toHaveLength(1));
    const saved = saves(api)[0]!.body as SavedBody;
    expect(saved.workflow_definition.agents[0]!.output_schema).toEqual(classifierSchema);
    expect(saved.workflow_definition.agents[2]!.conditions).toEqual(definition.agents[2]!.conditions);

    // Emptied: the key is gone from the step.
    await user.clear(field);
    await user.click(screen.getByRole('button', { name: 'Save team' }));
    await waitFor(() => expect(saves(api)).toHaveLength(2));
    expect((saves(api)[1]!.body as SavedBody).workflow_definition.agents[0]).not.toHaveProperty(
      'output_schema',
    );
  }, 45_000);

  it('shows an error in Portuguese on text that is not a JSON object and saves nothing', async () => {
    const api = builderApi(team);
    renderApp(api, `/teams/${ids.team}`, 'pt-BR');
    const user = userEvent.setup();
    const classifier = await screen.findByTestId('step-0');
    const field = within(classifier).getByLabelText('Esquema de saída (JSON)');
    await user.click(field);
    await user.paste('{"type": "object",');
    await user.click(screen.getByRole('button', { name: 'Salvar equipe' }));
    const error = await within(classifier).findByText(
      'Escreva um objeto JSON, entre { e }, ou deixe em branco.',
    );
    expect(error.getAttribute('role')).toBe('alert');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('team-dsl').textContent).not.toContain('output_schema');
    // A list is JSON but not an object: refused too.
    await user.clear(field);
    await user.paste('["category"]');
    await user.click(screen.getByRole('button', { name: 'Salvar equipe' }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(saves(api)).toHaveLength(0);
    expect(within(screen.getByTestId('step-1')).queryByRole('alert')).toBeNull();
  }, 45_000);

  it('shows a loaded schema pretty-printed and saves it back unchanged', async () => {
    const withSchema = {
      ...team,
      workflow_definition: {
        ...definition,
        agents: [
          { ...definition.agents[0]!, output_schema: classifierSchema },
          ...definition.agents.slice(1),
        ],
      },
    };
    const api = builderApi(withSchema);
    renderApp(api, `/teams/${ids.team}`);
    const user = userEvent.setup();
    const classifier = await screen.findByTestId('step-0');
    const field = within(classifier).getByLabelText('Output schema (JSON)') as HTMLTextAreaElement;
    expect(field.value).toBe(JSON.stringify(classifierSchema, null, 2));
    const role = within(classifier).getByLabelText(/^Role/);
    await user.type(role, '_v2');
    await user.click(screen.getByRole('button', { name: 'Save team' }));
    await waitFor(() => expect(saves(api)).toHaveLength(1));
    const saved = (saves(api)[0]!.body as SavedBody).workflow_definition.agents[0]!;
    expect(saved).toEqual({ ...withSchema.workflow_definition.agents[0], role: 'classifier_v2' });
  }, 45_000);
});
