import type { MouseEvent, ReactNode } from 'react';
import { cx } from './class-names.ts';

/** One column of a {@link Table}. */
export interface Column<ROW> {
  /** Stable key of the column. */
  key: string;
  header: ReactNode;
  cell(row: ROW): ReactNode;
  /**
   * A secondary detail, shown only from a width on: `lg`, 1024 px (below it, beside the app's menu shown from
   * 768 px, a card is about as narrow as a phone's), or `xl`, 1280 px (for a table whose every column would
   * not fit in its card at 1024 px).
   */
  shownFrom?: keyof typeof shownFromClass;
  className?: string;
}

/** Props of {@link Table}. */
export interface TableProps<ROW> {
  /** Read by screen readers (visually hidden): what the table lists. */
  caption: string;
  columns: Array<Column<ROW>>;
  rows: ROW[];
  rowKey(row: ROW): string;
  /**
   * Makes the whole row clickable; put the real link or button in a cell for keyboards. Clicks on a link,
   * button or field inside the row are theirs, not the row's.
   */
  onRowClick?(row: ROW, event: MouseEvent<HTMLTableRowElement>): void;
}

const interactive = 'a, button, input, select, textarea, label, summary';

/** A column's classes for {@link Column.shownFrom}, written out whole so that Tailwind finds them. */
const shownFromClass = { lg: 'hidden lg:table-cell', xl: 'hidden xl:table-cell' } as const;

/**
 * A semantic data table that scrolls sideways on narrow screens instead of breaking the layout. The
 * scrolling wrapper is a named region in the tab order, so a keyboard can scroll it (axe
 * `scrollable-region-focusable`).
 */
export function Table<ROW>({ caption, columns, rows, rowKey, onRowClick }: TableProps<ROW>) {
  return (
    <section
      aria-label={caption}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
      tabIndex={0}
      className="overflow-x-auto rounded-lg border border-border focus-visible:outline-2 focus-visible:outline-primary"
    >
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-muted text-xs uppercase tracking-wide text-text-muted">
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={cx(
                  'px-3 py-3 font-medium sm:px-4',
                  column.shownFrom && shownFromClass[column.shownFrom],
                  column.className,
                )}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              className={cx('border-t border-border', onRowClick && 'cursor-pointer hover:bg-surface-muted')}
              onClick={
                onRowClick
                  ? (event) => {
                      if (!(event.target as Element).closest(interactive)) onRowClick(row, event);
                    }
                  : undefined
              }
            >
              {columns.map((column) => (
                <td
                  key={column.key}
                  className={cx(
                    'px-3 py-3 align-top sm:px-4',
                    column.shownFrom && shownFromClass[column.shownFrom],
                    column.className,
                  )}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
