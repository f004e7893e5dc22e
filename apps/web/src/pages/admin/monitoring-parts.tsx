import type { AdminMonitoring } from '@renum/contracts';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../../i18n/i18n.tsx';
import { cx } from '../../ui/class-names.ts';
import { Table } from '../../ui/table.tsx';
import { latencyColumns } from './latency-columns.ts';

/** Axis labels in the theme's muted text. */
export const chartTick = { fontSize: 11, fill: 'var(--color-text-muted)' };

/** Headline figures of a monitoring card: a grid of labelled values. */
export function FigureGrid(props: { figures: Array<[string, string]>; className: string; testId: string }) {
  return (
    <dl className={cx('grid grid-cols-2 gap-3', props.className)} data-testid={props.testId}>
      {props.figures.map(([label, value]) => (
        <div key={label} className="rounded-lg border border-border bg-surface-raised p-3">
          <dt className="text-xs text-text-muted">{label}</dt>
          <dd className="text-xl font-semibold">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One line of a {@link WindowSeriesChart}: the point's field, its legend and its colour. */
export interface SeriesLine {
  key: string;
  name: string;
  color: string;
}

/**
 * Counts over the monitoring window (an hour by minute, a day by hour) as a line chart, its points labelled
 * by time in the reader's locale.
 */
export function WindowSeriesChart(props: {
  series: ReadonlyArray<{ at: string } & Record<string, unknown>>;
  window: AdminMonitoring['window'];
  lines: SeriesLine[];
  label: string;
  className: string;
}) {
  const { formatDate } = useI18n();
  const points = props.series.map((point) => ({
    ...point,
    label: formatDate(point.at, props.window === 'hour' ? { timeStyle: 'short' } : { hour: '2-digit' }),
  }));
  return (
    <div className={props.className} role="img" aria-label={props.label}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
          <XAxis dataKey="label" tick={chartTick} minTickGap={24} />
          <YAxis tick={chartTick} width={40} allowDecimals={false} />
          <Tooltip />
          <Legend />
          {props.lines.map((line) => (
            <Line key={line.key} dataKey={line.key} name={line.name} stroke={line.color} dot={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** How often each tool's circuit breaker opened, or a line saying none did. */
export function BreakerOpens(props: {
  breakers: ReadonlyArray<{ tool: string; count: number }>;
  className?: string;
}) {
  const { t } = useI18n();
  if (props.breakers.length === 0)
    return (
      <p className={cx('text-sm text-text-muted', props.className)}>{t('admin.monitoring.noBreakers')}</p>
    );
  return (
    <ul className={cx('text-sm', props.className)}>
      {props.breakers.map((breaker) => (
        <li key={breaker.tool}>
          {breaker.tool}: {breaker.count}
        </li>
      ))}
    </ul>
  );
}

type RouteRow = AdminMonitoring['http']['by_route'][number];

/** HTTP traffic by route: requests, server errors and latency percentiles (p99 hidden on a phone). */
export function RouteTable(props: { caption: string; rows: RouteRow[] }) {
  const { t } = useI18n();
  return (
    <Table
      caption={props.caption}
      rows={props.rows}
      rowKey={(row) => row.route}
      columns={[
        {
          key: 'route',
          header: t('admin.monitoring.route'),
          cell: (row) => <code className="break-all text-xs">{row.route}</code>,
        },
        { key: 'requests', header: t('admin.monitoring.requests'), cell: (row) => row.requests },
        { key: 'errors', header: t('admin.monitoring.serverErrors'), cell: (row) => row.errors },
        ...latencyColumns<RouteRow>(t, false),
      ]}
    />
  );
}
