import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Field } from '../src/ui/field.tsx';
import { SelectMenu } from '../src/ui/select-menu.tsx';
import { chooseOption } from './choose-option.ts';

function Harness({ onSubmit }: { onSubmit: (data: FormData) => void }) {
  const [value, setValue] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(new FormData(event.currentTarget));
      }}
    >
      <Field label="Model" hint="The model that answers">
        <SelectMenu name="model" value={value} onChange={(event) => setValue(event.target.value)}>
          <option value="">Platform default</option>
          <optgroup label="OpenAI">
            <option value="openai/gpt-4o">GPT-4o</option>
            <option value="openai/gpt-4o-mini" disabled>
              GPT-4o mini
            </option>
          </optgroup>
          <option value="offline/renum">Offline</option>
        </SelectMenu>
      </Field>
      <output data-testid="value">{value}</output>
      <button type="submit">Send</button>
    </form>
  );
}

describe('SelectMenu (Radix select)', () => {
  it('is a combobox named by its Field label and described by its hint, showing the empty option', () => {
    render(<Harness onSubmit={() => {}} />);
    const combobox = screen.getByRole('combobox', { name: 'Model' });
    expect(combobox.textContent).toContain('Platform default');
    const hint = document.getElementById(combobox.getAttribute('aria-describedby')!);
    expect(hint?.textContent).toBe('The model that answers');
  });

  it('picks an option by pointer, reports it like a native select, and submits it with the form', async () => {
    const user = userEvent.setup();
    const submitted: FormData[] = [];
    render(<Harness onSubmit={(data) => submitted.push(data)} />);
    const combobox = screen.getByRole('combobox', { name: 'Model' });
    await user.click(combobox);
    expect(screen.getByRole('group', { name: 'OpenAI' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'GPT-4o mini' }).getAttribute('aria-disabled')).toBe('true');
    await user.click(screen.getByRole('option', { name: 'GPT-4o' }));
    expect(screen.getByTestId('value').textContent).toBe('openai/gpt-4o');
    expect(combobox.textContent).toContain('GPT-4o');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(submitted.at(-1)?.get('model')).toBe('openai/gpt-4o');
    // Back to the empty option: the form gets '' again, not Radix's stand-in.
    await chooseOption(user, combobox, 'Platform default');
    expect(screen.getByTestId('value').textContent).toBe('');
  });

  it('opens from the keyboard and Escape closes it without changing the value', async () => {
    const user = userEvent.setup();
    render(<Harness onSubmit={() => {}} />);
    const combobox = screen.getByRole('combobox', { name: 'Model' });
    combobox.focus();
    fireEvent.keyDown(combobox, { key: 'Enter' });
    expect(await screen.findByRole('listbox')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.getByTestId('value').textContent).toBe('');
  });
});
