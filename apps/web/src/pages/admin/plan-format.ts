import { useI18n } from '../../i18n/i18n.tsx';
import { usePlansT } from '../../i18n/plans-page.ts';
import { formatUsd } from './admin-format.ts';

/** How a plan's budget and limits read: a number, or "No limit" for null. */
export function usePlanLimitText() {
  const { formatNumber } = useI18n();
  const tp = usePlansT();
  return {
    budget: (value: number | null) => (value === null ? tp('plans.none') : formatUsd(formatNumber, value)),
    count: (value: number | null) => (value === null ? tp('plans.none') : formatNumber(value)),
  };
}
