import { ComingSoon } from '../coming-soon.tsx';

/** Placeholder until the agents page is built (issue 5). */
export function AgentsPage() {
  return <ComingSoon title="nav.agents" />;
}
