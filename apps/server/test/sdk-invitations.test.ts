import { randomBytes } from 'node:crypto';
import { createRenumClient, RenumApiError } from '@renum/sdk';
import { describe, expect, it } from 'vitest';
import { listeningTestApp } from './listening-test-app.ts';

/** The SDK's invitation methods against the real server over HTTP. */
describe('SDK invitations', () => {
  const server = listeningTestApp();

  const email = () => `sdk-${randomBytes(6).toString('hex')}@example.com`;
  const password = 'correct horse battery';

  it('invites, lists, revokes, and lets people accept from their list, at signup or by token', async () => {
    const owner = createRenumClient({ baseUrl: server.baseUrl });
    const ownerSession = await owner.auth.signup({
      email: email(),
      password,
      name: 'Ana',
      client_name: 'Loja',
    });
    const invitee = createRenumClient({ baseUrl: server.baseUrl });
    const inviteeEmail = email();
    await invitee.auth.signup({ email: inviteeEmail, password, name: 'Bia', client_name: 'Outra' });

    const byAlias = await owner.members.invite({ email: inviteeEmail, role: 'admin' });
    expect(byAlias.invitation).toMatchObject({ email: inviteeEmail, role: 'admin', status: 'pending' });
    expect((await owner.invitations.list()).data.map((i) => i.id)).toEqual([byAlias.invitation.id]);
    const mine = await invitee.invitations.mine();
    expect(mine.data).toMatchObject([
      { id: byAlias.invitation.id, client_name: 'Loja', inviter_name: 'Ana' },
    ]);
    const joined = await invitee.invitations.acceptMine(byAlias.invitation.id);
    expect(joined).toMatchObject({ client_id: ownerSession.client?.id, role: 'admin' });

    const revoked = await owner.invitations.create({ email: email() });
    await owner.invitations.revoke(revoked.invitation.id);
    const refused = await invitee.invitations.accept(revoked.token).catch((error: unknown) => error);
    expect(RenumApiError.isInstance(refused) && refused.code).toBe('INVITATION_NOT_FOUND');

    const newEmail = email();
    const forNew = await owner.invitations.create({ email: newEmail });
    const newcomer = createRenumClient({ baseUrl: server.baseUrl });
    const session = await newcomer.auth.signup({
      email: newEmail,
      password,
      name: 'Caio',
      invitation_token: forNew.token,
    });
    expect(session).toMatchObject({ role: 'member', client: { id: ownerSession.client?.id } });
    expect((await owner.members.list()).data.map((m) => m.email).sort()).toEqual(
      [ownerSession.user.email, inviteeEmail, newEmail].sort(),
    );

    const other = createRenumClient({ baseUrl: server.baseUrl });
    const otherEmail = email();
    await other.auth.signup({ email: otherEmail, password, name: 'Davi', client_name: 'Terceira' });
    const byToken = await owner.invitations.create({ email: otherEmail });
    expect(byToken.accept_url).toContain(encodeURIComponent(byToken.token));
    expect(await other.invitations.accept(byToken.token)).toMatchObject({
      client_name: 'Loja',
      role: 'member',
    });
    expect(await owner.invitations.list()).toEqual({ data: [] });
  });
});
