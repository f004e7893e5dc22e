import { ComingSoon } from '../coming-soon.tsx';

/** Placeholder until the credentials page is built (issue 5). */
export function CredentialsPage() {
  return <ComingSoon title="nav.credentials" />;
}
