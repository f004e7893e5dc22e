import { ComingSoon } from '../coming-soon.tsx';

/** Placeholder until the playground page is built (issue 5). */
export function PlaygroundPage() {
  return <ComingSoon title="nav.playground" />;
}
