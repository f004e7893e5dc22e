import type { Locator } from 'playwright-core';

/**
 * Picks an option of a styled select (Radix): Playwright's `selectOption` only works on a native
 * `<select>`, so this clicks the combobox, then the option by its accessible name in the listbox.
 */
export async function choose(combobox: Locator, option: string | RegExp): Promise<void> {
  await combobox.click();
  const listbox = combobox.page().getByRole('listbox');
  await listbox.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
  await listbox.waitFor({ state: 'detached' });
}
