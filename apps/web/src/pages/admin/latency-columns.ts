import type { Translate } from '../../i18n/i18n.tsx';
import type { Column } from '../../ui/table.tsx';
import { formatMs } from './admin-format.ts';

/** A row with latency percentiles (runs by model, providers, routes). */
interface Latencies {
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
}

/**
 * The p50, p95 and p99 columns of the monitoring tables. On phones p50 and p95 are hidden; p99 stays
 * unless `p99OnPhone` is false.
 */
export function latencyColumns<ROW extends Latencies>(t: Translate, p99OnPhone = true): Array<Column<ROW>> {
  return [
    { key: 'p50', header: t('admin.monitoring.p50'), cell: (row) => formatMs(row.p50_ms), shownFrom: 'lg' },
    { key: 'p95', header: t('admin.monitoring.p95'), cell: (row) => formatMs(row.p95_ms), shownFrom: 'lg' },
    {
      key: 'p99',
      header: t('admin.monitoring.p99'),
      cell: (row) => formatMs(row.p99_ms),
      shownFrom: p99OnPhone ? undefined : 'lg',
    },
  ];
}
