import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Bot, Plus } from 'lucide-react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { adminEn } from '../src/i18n/admin-console.en.ts';
import { I18nProvider, loadLocale, translate } from '../src/i18n/i18n.tsx';
import { messagesEn } from '../src/i18n/messages-en.ts';
import { messagesPtBr } from '../src/i18n/messages-pt-br.ts';
import {
  Button,
  ConfirmDialog,
  EmptyState,
  Field,
  Input,
  LoadingState,
  MoreButton,
  Table,
} from '../src/ui/index.ts';

function ConfirmHarness({ onConfirm }: { onConfirm: () => void }) {
  const [open, setOpen] = useState(true);
  return (
    <I18nProvider locale="en">
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Delete agent?"
        description="This cannot be undone."
        confirmLabel="Delete"
        onConfirm={onConfirm}
      />
    </I18nProvider>
  );
}

describe('UI components', () => {
  it('MoreButton loads the next page once, is busy while it loads, and is gone after the last page', async () => {
    const fetchNextPage = vi.fn(async () => undefined);
    const query = { hasNextPage: true, isFetchingNextPage: false, fetchNextPage };
    const { rerender } = render(<MoreButton query={query} label="Show more" />);
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(fetchNextPage).toHaveBeenCalledTimes(1);
    rerender(<MoreButton query={{ ...query, isFetchingNextPage: true }} label="Show more" />);
    const busy = screen.getByRole('button', { name: 'Show more' }) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    expect(busy.getAttribute('aria-busy')).toBe('true');
    rerender(<MoreButton query={{ ...query, hasNextPage: false }} label="Show more" />);
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
  });

  it('Field labels its control and ties hint and error to it', () => {
    render(
      <Field label="Name" hint="As people see it" error="is required" required>
        <Input name="name" />
      </Field>,
    );
    const input = screen.getByLabelText(/Name/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-required')).toBe('true');
    const described = input
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual(['As people see it', 'is required']);
  });

  it('ConfirmDialog confirms only on its button, and Cancel closes it', async () => {
    const onConfirm = vi.fn();
    render(<ConfirmHarness onConfirm={onConfirm} />);
    const user = userEvent.setup();
    expect(screen.getByRole('alertdialog', { name: 'Delete agent?' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('Table renders a captioned table, EmptyState its text', () => {
    render(
      <I18nProvider locale="en">
        <Table
          caption="Agents"
          rows={[{ id: '1', name: 'Vendas' }]}
          rowKey={(row) => row.id}
          columns={[{ key: 'name', header: 'Name', cell: (row) => row.name }]}
        />
        <EmptyState />
      </I18nProvider>,
    );
    expect(screen.getByRole('table', { name: 'Agents' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: 'Vendas' })).toBeTruthy();
    expect(screen.getByText('Nothing here yet.')).toBeTruthy();
  });

  it('a Button icon and an EmptyState icon are hidden from screen readers; the label names the button', () => {
    render(
      <I18nProvider locale="en">
        <Button icon={Plus}>New agent</Button>
        <EmptyState icon={Bot} title="No agents yet." />
      </I18nProvider>,
    );
    const button = screen.getByRole('button', { name: 'New agent' });
    const icon = button.querySelector('svg');
    expect(icon?.getAttribute('aria-hidden')).toBe('true');
    const emptyIcon = screen.getByText('No agents yet.').parentElement?.querySelector('svg');
    expect(emptyIcon?.closest('[aria-hidden="true"]')).toBeTruthy();
  });

  it('LoadingState draws placeholders in a busy region named for screen readers, with no visible text', () => {
    render(
      <I18nProvider locale="pt-BR">
        <LoadingState />
      </I18nProvider>,
    );
    const region = screen.getByRole('status');
    expect(region.getAttribute('aria-busy')).toBe('true');
    expect(region.textContent).toBe('Carregando…');
    expect(region.querySelector('.sr-only')?.textContent).toBe('Carregando…');
    expect(region.querySelectorAll('[aria-hidden="true"].animate-pulse').length).toBeGreaterThan(2);
  });

  it('i18n: every English key is translated, placeholders are filled', async () => {
    // The admin console's strings come with its chunk (adminEn), the rest with the first load.
    expect(Object.keys(messagesPtBr).sort()).toEqual(Object.keys({ ...messagesEn, ...adminEn }).sort());
    await loadLocale('pt-BR'); // loaded on demand, not with the first load
    expect(translate('pt-BR', 'session.signedInAs', { name: 'Ana' })).toBe('Conectado como Ana');
  });
});
