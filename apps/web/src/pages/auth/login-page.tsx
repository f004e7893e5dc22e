import { loginSchema } from '@renum/contracts';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useZodForm } from '../../lib/use-zod-form.ts';
import { safeRedirect } from '../../routes/root-route.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { FormError } from './form-error.tsx';

/** Logs a person in; back to where they were going (`?redirect=`), else the dashboard. */
export function LoginPage() {
  const { t } = useI18n();
  const auth = useAuth();
  const navigate = useNavigate();
  const search = useSearch({ from: '/public' });
  const form = useZodForm(loginSchema, { email: '', password: '' });
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold">{t('auth.login.title')}</h1>
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={form.handleSubmit(async (input) => {
          await auth.login(input);
          await navigate({ href: safeRedirect(search.redirect) });
        })}
      >
        <FormError message={form.formError} />
        <Field label={t('auth.field.email')} error={form.errors.email} required>
          <Input type="email" autoComplete="email" {...form.register('email')} />
        </Field>
        <Field label={t('auth.field.password')} error={form.errors.password} required>
          <Input type="password" autoComplete="current-password" {...form.register('password')} />
        </Field>
        <Button type="submit" busy={form.submitting} className="mt-2 w-full">
          {t('auth.login.submit')}
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-text-muted">
        {t('auth.login.noAccount')}{' '}
        <Link
          to="/signup"
          search={search}
          className="font-medium text-primary underline-offset-4 hover:underline"
        >
          {t('auth.login.toSignup')}
        </Link>
      </p>
    </>
  );
}
