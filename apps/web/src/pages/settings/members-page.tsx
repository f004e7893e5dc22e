import type { CreatedInvitation, Invitation, Member, MemberRole } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ban, UserMinus, UserPlus } from 'lucide-react';
import { useState } from 'react';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { useToast } from '../../ui/toast.tsx';
import { InviteForm } from './invite-form.tsx';
import { SecretOnce } from './secret-once.tsx';

const roles: MemberRole[] = ['owner', 'admin', 'member'];

/** Answers `CONFLICT` (the last owner) with its own sentence; anything else as the API says. */
function memberError(error: unknown, t: ReturnType<typeof useI18n>['t']): string {
  return (error as { code?: string }).code === 'CONFLICT' ? t('members.lastOwner') : describeError(error, t);
}

/**
 * The company's members and pending invitations. Owners and admins invite (the link is shown once, to
 * copy and send), change roles and remove; the last owner can be neither demoted nor removed.
 */
export function MembersPage() {
  const { t, formatDate } = useI18n();
  const { me } = useAuth();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const manager = me?.role === 'owner' || me?.role === 'admin';
  const [inviting, setInviting] = useState(false);
  const [invited, setInvited] = useState<CreatedInvitation | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const members = useQuery({ queryKey: ['members'], queryFn: () => client.members.list() });
  const invitations = useQuery({
    queryKey: ['invitations'],
    queryFn: () => client.invitations.list(),
    enabled: manager,
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['members'] });
    await queryClient.invalidateQueries({ queryKey: ['invitations'] });
  };
  const onError = (error: unknown) => toast({ title: memberError(error, t), tone: 'error' });
  const changeRole = useMutation({
    mutationFn: (change: { member: Member; role: MemberRole }) =>
      client.members.updateRole(change.member.user_id, change.role),
    onSuccess: async () => {
      toast({ title: t('members.roleChanged'), tone: 'success' });
      await refresh();
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (member: Member) => client.members.remove(member.user_id),
    onSuccess: async () => {
      setRemoving(null);
      toast({ title: t('members.removed'), tone: 'success' });
      await refresh();
    },
    onError,
  });
  const revoke = useMutation({
    mutationFn: (invitation: Invitation) => client.invitations.revoke(invitation.id),
    onSuccess: refresh,
    onError,
  });
  const owners = members.data?.data.filter((member) => member.role === 'owner').length ?? 0;
  const lastOwner = (member: Member) => member.role === 'owner' && owners <= 1;

  return (
    <>
      <PageHeader
        title={t('nav.members')}
        description={t('members.description')}
        actions={
          manager ? (
            <Button icon={UserPlus} onClick={() => setInviting(true)}>
              {t('members.invite')}
            </Button>
          ) : undefined
        }
      />
      <div className="flex flex-col gap-6">
        <QueryState query={members}>
          {(list) => (
            <Table
              caption={t('nav.members')}
              rows={list.data}
              rowKey={(member) => member.user_id}
              columns={[
                {
                  key: 'name',
                  header: t('members.person'),
                  cell: (member) => (
                    <div className="flex flex-col">
                      <span className="font-medium">{member.name}</span>
                      <span className="text-xs text-text-muted wrap-anywhere">{member.email}</span>
                    </div>
                  ),
                },
                {
                  key: 'role',
                  header: t('apiKeys.field.role'),
                  cell: (member) =>
                    manager && !lastOwner(member) ? (
                      <SelectMenu
                        aria-label={t('members.roleOf', { name: member.name })}
                        className="w-36"
                        value={member.role}
                        disabled={changeRole.isPending}
                        onChange={(event) =>
                          changeRole.mutate({ member, role: event.target.value as MemberRole })
                        }
                      >
                        {roles
                          .filter(
                            (role) => role !== 'owner' || me?.role === 'owner' || member.role === 'owner',
                          )
                          .map((role) => (
                            <option key={role} value={role}>
                              {t(`role.${role}`)}
                            </option>
                          ))}
                      </SelectMenu>
                    ) : (
                      <span title={lastOwner(member) ? t('members.lastOwner') : undefined}>
                        {t(`role.${member.role}`)}
                      </span>
                    ),
                },
                {
                  key: 'since',
                  header: t('members.since'),
                  cell: (member) => formatDate(member.created_at, { dateStyle: 'medium' }),
                  shownFrom: 'lg',
                },
                {
                  key: 'actions',
                  header: <span className="sr-only">{t('agents.actions')}</span>,
                  cell: (member) =>
                    manager && !lastOwner(member) && member.user_id !== me?.user?.id ? (
                      <div className="flex justify-end">
                        <Button
                          icon={UserMinus}
                          iconOnlyOnPhone
                          size="sm"
                          variant="ghost"
                          aria-label={t('members.removeNamed', { name: member.name })}
                          onClick={() => setRemoving(member)}
                        >
                          {t('members.remove')}
                        </Button>
                      </div>
                    ) : null,
                },
              ]}
            />
          )}
        </QueryState>
        {manager && invitations.data && invitations.data.data.length > 0 ? (
          <Card title={t('members.pending')}>
            <ul className="flex flex-col divide-y divide-border">
              {invitations.data.data.map((invitation) => (
                <li
                  key={invitation.id}
                  className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
                >
                  <span>
                    <span className="font-medium">{invitation.email}</span> · {t(`role.${invitation.role}`)} ·{' '}
                    {t('members.expires', {
                      date: formatDate(invitation.expires_at, { dateStyle: 'medium' }),
                    })}
                  </span>
                  <Button
                    icon={Ban}
                    size="sm"
                    variant="ghost"
                    aria-label={t('members.revokeInvitation', { email: invitation.email })}
                    onClick={() => revoke.mutate(invitation)}
                  >
                    {t('apiKeys.revoke')}
                  </Button>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </div>
      <Dialog
        open={inviting}
        onOpenChange={(open) => {
          setInviting(open);
          if (!open) setInvited(null);
        }}
        title={invited ? t('members.invitedTitle', { email: invited.invitation.email }) : t('members.invite')}
      >
        {invited ? (
          <div className="flex flex-col gap-4">
            <SecretOnce label={t('members.inviteLink')} value={invited.accept_url} />
            <div className="flex justify-end">
              <Button onClick={() => setInviting(false)}>{t('common.close')}</Button>
            </div>
          </div>
        ) : (
          <InviteForm
            onSubmit={async (input) => {
              setInvited(await client.members.invite(input));
              await refresh();
            }}
          />
        )}
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => (open ? undefined : setRemoving(null))}
        title={t('members.removeTitle', { name: removing?.name ?? '' })}
        description={t('members.removeDescription')}
        confirmLabel={t('members.remove')}
        busy={remove.isPending}
        onConfirm={() => (removing ? remove.mutate(removing) : undefined)}
      />
    </>
  );
}
