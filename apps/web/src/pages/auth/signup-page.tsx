import { signupSchema } from '@renum/contracts';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useZodForm } from '../../lib/use-zod-form.ts';
import { safeRedirect } from '../../routes/root-route.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { AuthSwitch } from './auth-switch.tsx';
import { FormError } from './form-error.tsx';

/**
 * Creates a client and its owner, then opens the app; with `?invitation_token=`, creates the account
 * inside the inviting team instead (no company name) and opens the app there.
 */
export function SignupPage() {
  const { t } = useI18n();
  const auth = useAuth();
  const navigate = useNavigate();
  const search = useSearch({ from: '/public' });
  const invitationToken = search.invitation_token;
  const initial: Record<string, string> = invitationToken
    ? { name: '', email: '', password: '', invitation_token: invitationToken }
    : { name: '', client_name: '', email: '', password: '' };
  const form = useZodForm(signupSchema, initial);
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold">
        {t(invitationToken ? 'auth.signup.invitedTitle' : 'auth.signup.title')}
      </h1>
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={form.handleSubmit(async (input) => {
          await auth.signup(input);
          // Joined through the invitation: going back to its accept page would find it used.
          await navigate({ href: invitationToken ? '/' : safeRedirect(search.redirect) });
        })}
      >
        <FormError message={form.formError} />
        <Field label={t('auth.field.name')} error={form.errors.name} required>
          <Input autoComplete="name" {...form.register('name')} />
        </Field>
        {invitationToken ? null : (
          <Field label={t('auth.field.clientName')} error={form.errors.client_name} required>
            <Input autoComplete="organization" {...form.register('client_name')} />
          </Field>
        )}
        <Field
          label={t('auth.field.email')}
          error={form.errors.email ?? (form.errors.invitation_token && t('invitation.missingToken'))}
          {...(invitationToken ? { hint: t('auth.signup.invitedHint') } : {})}
          required
        >
          <Input type="email" autoComplete="email" {...form.register('email')} />
        </Field>
        <Field
          label={t('auth.field.password')}
          hint={t('auth.field.passwordHint')}
          error={form.errors.password}
          required
        >
          <Input type="password" autoComplete="new-password" {...form.register('password')} />
        </Field>
        <Button type="submit" busy={form.submitting} className="mt-2 w-full">
          {t('auth.signup.submit')}
        </Button>
      </form>
      <AuthSwitch question={t('auth.signup.haveAccount')} to="/login" label={t('auth.signup.toLogin')} />
    </>
  );
}
