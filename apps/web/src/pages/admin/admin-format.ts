import type { Translate, useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages-en.ts';

type Formatter = ReturnType<typeof useI18n>['formatNumber'];

/** US dollars, to the cent (or to four decimals under a dollar). */
export function formatUsd(formatNumber: Formatter, value: number): string {
  return formatNumber(value, {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: value !== 0 && Math.abs(value) < 1 ? 4 : 2,
  });
}

/** Milliseconds as `850 ms` or `2.4 s`; a dash when unknown. */
export function formatMs(value: number | null): string {
  if (value === null) return '–';
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(1)} s`;
}

const dependencyKeys: Partial<Record<string, MessageKey>> = {
  database: 'admin.monitoring.depName.database',
  redis: 'admin.monitoring.depName.redis',
  suna: 'admin.monitoring.depName.suna',
};

/** A dependency's name in the reader's language: the platform's own probes by name, any other as it came. */
export function dependencyLabel(t: Translate, name: string): string {
  const key = dependencyKeys[name];
  return key ? t(key) : name;
}
