import { Link, useSearch } from '@tanstack/react-router';

/** The line under an auth form that offers the other one (log in, sign up), keeping where it leads back to. */
export function AuthSwitch({
  question,
  to,
  label,
}: {
  question: string;
  to: '/login' | '/signup';
  label: string;
}) {
  const search = useSearch({ from: '/public' });
  return (
    <p className="mt-6 text-center text-sm text-text-muted">
      {question}{' '}
      <Link to={to} search={search} className="font-medium text-primary underline-offset-4 hover:underline">
        {label}
      </Link>
    </p>
  );
}
