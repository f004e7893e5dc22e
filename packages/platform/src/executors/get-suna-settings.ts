import type { SunaSettings } from '@renum/contracts';
import { withPlatform } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { openSunaSecrets, readStoredSunaSettings, type StoredSunaSettings } from './suna-connection.ts';

/** The wire view of the settings: effective values, secrets reduced to whether each is set. */
export async function describeSunaSettings(
  deps: PlatformDeps,
  stored: StoredSunaSettings,
): Promise<SunaSettings> {
  const secrets = await openSunaSecrets(deps, stored);
  const defaults = deps.sunaDefaults;
  const value = stored.value;
  const url = value.url ?? defaults?.url ?? null;
  return {
    source: value.url ? 'settings' : defaults?.url ? 'environment' : 'none',
    url,
    tools_url: value.tools_url ?? defaults?.toolsUrl ?? (url ? deps.publicUrl : null),
    api_key_set: Boolean(secrets.api_key ?? defaults?.apiKey),
    jwt_set: Boolean(secrets.jwt ?? defaults?.jwt),
    instance_provider: value.instance_provider ?? 'static',
    docker_image: value.docker_image ?? null,
    docker_network: value.docker_network ?? null,
    updated_at: stored.updatedAt ? stored.updatedAt.toISOString() : null,
  };
}

/**
 * `GET /v1/admin/executors/suna/settings`: the Suna connection in effect (the admin's settings over the
 * environment's), never a secret. Platform admins only; audited like every admin read.
 */
export async function getSunaSettings(
  deps: PlatformDeps,
  options: { principal: Principal },
): Promise<SunaSettings> {
  requirePlatformAdmin(options.principal);
  const stored = await withPlatform(deps.db, async (tx) => {
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: { action: 'admin.executors.suna.settings.read', targetType: 'executor', clientId: null },
    });
    return readStoredSunaSettings(tx);
  });
  return describeSunaSettings(deps, stored);
}
