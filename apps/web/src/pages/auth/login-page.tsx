import { loginSchema } from '@renum/contracts';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useZodForm } from '../../lib/use-zod-form.ts';
import { safeRedirect } from '../../routes/root-route.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { useToast } from '../../ui/toast.tsx';
import { AuthSwitch } from './auth-switch.tsx';
import { FormError } from './form-error.tsx';

/**
 * Logs a person in; back to where they were going (`?redirect=`), else the dashboard. Through an
 * invitation link (`?invitation_token=`) the person joins the inviting client as they log in (even with
 * no client yet) and lands in it.
 */
export function LoginPage() {
  const { t } = useI18n();
  const auth = useAuth();
  const toast = useToast();
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
          const invitation = search.invitation_token;
          const session = await auth.login(invitation ? { ...input, invitation_token: invitation } : input);
          if (!invitation || !session.client || !session.role) {
            await navigate({ href: safeRedirect(search.redirect) });
            return;
          }
          // Joined through the invitation as they logged in: straight into the client they joined.
          const client = session.client.name;
          toast({
            title: t('invitation.joinedTitle', { client }),
            description: t('invitation.joined', { client, role: t(`role.${session.role}`) }),
            tone: 'success',
          });
          await navigate({ to: '/' });
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
      <AuthSwitch question={t('auth.login.noAccount')} to="/signup" label={t('auth.login.toSignup')} />
    </>
  );
}
