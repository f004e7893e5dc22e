import { Link } from '@tanstack/react-router';
import { useI18n } from '../i18n/i18n.tsx';

/** Any path no route matches: inside the app's layout for a signed-in person, with a way back. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="flex min-h-[50vh] flex-col items-center justify-center gap-4 p-8 text-center">
      <h1 className="text-2xl font-semibold">{t('notFound.title')}</h1>
      <p className="text-text-muted">{t('notFound.description')}</p>
      <div className="flex flex-wrap justify-center gap-3">
        <Link to="/" className="text-primary underline">
          {t('notFound.back')}
        </Link>
        <Link to="/agents" className="text-primary underline">
          {t('nav.agents')}
        </Link>
      </div>
    </div>
  );
}

/** The same page where no layout wraps it (a path outside the app's routes). */
export function StandaloneNotFoundPage() {
  return (
    <main id="main">
      <NotFoundPage />
    </main>
  );
}
