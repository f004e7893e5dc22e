import { Link } from '@tanstack/react-router';
import { useI18n } from '../i18n/i18n.tsx';

/** Any path no route matches. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <main id="main" className="flex min-h-[50vh] flex-col items-center justify-center gap-4 p-8 text-center">
      <h1 className="text-2xl font-semibold">{t('notFound.title')}</h1>
      <Link to="/" className="text-primary underline">
        {t('notFound.back')}
      </Link>
    </main>
  );
}
