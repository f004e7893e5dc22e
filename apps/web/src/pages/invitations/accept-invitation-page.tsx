import { type AcceptedInvitation, acceptInvitationSchema } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { meQueryKey, useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useWebApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Spinner } from '../../ui/spinner.tsx';
import { FormError } from '../auth/form-error.tsx';

const linkClass = 'font-medium text-primary underline-offset-4 hover:underline';

/**
 * True when the link carries a token of the shape the server accepts. A link cut short by a mail
 * client would otherwise fail only after signing up, with a validation message about a hidden field.
 */
function isWellFormed(token: string | undefined): token is string {
  return acceptInvitationSchema.shape.token.safeParse(token).success;
}

/**
 * `/invitations/accept?token=…`: a signed-in person accepts the invitation (it must be addressed to
 * their email); a signed-out one logs in and comes back here, or signs up through the invitation.
 */
export function AcceptInvitationPage() {
  const { t } = useI18n();
  const auth = useAuth();
  const { token } = useSearch({ from: '/invitation/invitations/accept' });
  if (!isWellFormed(token)) {
    return (
      <>
        <h1 className="mb-4 text-xl font-semibold">{t('invitation.title')}</h1>
        <FormError message={t('invitation.missingToken')} />
      </>
    );
  }
  const email = auth.me?.user?.email;
  return (
    <InvitationFor token={token}>
      {(what) =>
        auth.status === 'authenticated' && email ? (
          <AcceptAsPerson token={token} email={email} what={what} />
        ) : (
          <SignedOut token={token} what={what} />
        )
      }
    </InvitationFor>
  );
}

/**
 * What the invitation is for (client, role, inviter), above the page's actions; an unusable invitation
 * (used, revoked, unknown or expired) says so instead, and offers no action.
 */
function InvitationFor({
  token,
  children,
}: {
  token: string;
  /** Renders the page with `what`, the line saying what the invitation is for. */
  children: (what: ReactNode) => ReactNode;
}) {
  const { t } = useI18n();
  const api = useWebApi();
  const preview = useQuery({
    queryKey: ['invitation-preview', token],
    queryFn: ({ signal }) => api.client.invitations.preview(token, { signal }),
    retry: false,
  });
  if (preview.isPending) {
    return (
      <p aria-busy="true" className="flex items-center gap-3 text-sm text-text-muted">
        <Spinner size="sm" />
        {t('common.loading')}
      </p>
    );
  }
  if (preview.isError) {
    return (
      <>
        <h1 className="mb-4 text-xl font-semibold">{t('invitation.title')}</h1>
        <FormError message={describeError(preview.error, t)} />
      </>
    );
  }
  const { client_name: client, inviter_name: inviter } = preview.data;
  const role = t(`role.${preview.data.role}`);
  return children(
    <p className="mb-3 text-base font-medium">
      {inviter ? t('invitation.forBy', { inviter, client, role }) : t('invitation.for', { client, role })}
    </p>,
  );
}

function SignedOut({ token, what }: { token: string; what: ReactNode }) {
  const { t } = useI18n();
  const back = `/invitations/accept?token=${encodeURIComponent(token)}`;
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">{t('invitation.title')}</h1>
      {what}
      <p className="mb-6 text-sm text-text-muted">{t('invitation.signedOut')}</p>
      <div className="flex flex-col gap-3">
        <Link
          to="/login"
          search={{ redirect: back, invitation_token: token }}
          className="inline-flex h-10 items-center justify-center rounded-md bg-primary px-4 text-sm font-medium text-primary-text hover:bg-primary-hover"
        >
          {t('invitation.login')}
        </Link>
        <Link
          to="/signup"
          search={{ invitation_token: token }}
          className={`text-center text-sm ${linkClass}`}
        >
          {t('invitation.signup')}
        </Link>
      </div>
    </>
  );
}

function AcceptAsPerson({ token, email, what }: { token: string; email: string; what: ReactNode }) {
  const { t } = useI18n();
  const auth = useAuth();
  const api = useWebApi();
  const queryClient = useQueryClient();
  const accept = useMutation({
    mutationFn: () => api.client.invitations.accept(token),
    // The person's memberships changed.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
  if (accept.data) return <Joined joined={accept.data} />;
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">{t('invitation.title')}</h1>
      {what}
      <p className="mb-6 text-sm text-text-muted">{t('invitation.signedIn', { email })}</p>
      <div className="flex flex-col gap-4">
        <FormError message={accept.error ? describeError(accept.error, t) : null} />
        <Button busy={accept.isPending} onClick={() => accept.mutate()} className="w-full">
          {t('invitation.accept')}
        </Button>
      </div>
      <p className="mt-6 text-center text-sm text-text-muted">
        {t('invitation.notYou')}{' '}
        <button type="button" className={linkClass} onClick={() => void auth.logout()}>
          {t('invitation.switchAccount')}
        </button>
      </p>
    </>
  );
}

function Joined({ joined }: { joined: AcceptedInvitation }) {
  const { t } = useI18n();
  const client = joined.client_name;
  return (
    <div role="status">
      <h1 className="mb-4 text-xl font-semibold">{t('invitation.joinedTitle', { client })}</h1>
      <p className="mb-6 text-sm text-text-muted">
        {t('invitation.joined', { client, role: t(`role.${joined.role}`) })}
      </p>
      <Link to="/" className={linkClass}>
        {t('invitation.toDashboard')}
      </Link>
    </div>
  );
}
