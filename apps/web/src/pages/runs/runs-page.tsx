import { ComingSoon } from '../coming-soon.tsx';

/** Placeholder until the runs page is built (issue 5). */
export function RunsPage() {
  return <ComingSoon title="nav.runs" />;
}
