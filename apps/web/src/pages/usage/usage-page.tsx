import { ComingSoon } from '../coming-soon.tsx';

/** Placeholder until the usage page is built (issue 5). */
export function UsagePage() {
  return <ComingSoon title="nav.usage" />;
}
