import type { SunaSettings, UpdateSunaSettings } from '@renum/contracts';
import { platformSettings, withPlatform } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { describeSunaSettings } from './get-suna-settings.ts';
import {
  forgetSunaConnection,
  openSunaSecrets,
  platformVaultId,
  readStoredSunaSettings,
  readSunaConnection,
  type StoredSunaValue,
  sunaSecretId,
} from './suna-connection.ts';

const shownFields = ['url', 'tools_url', 'instance_provider', 'docker_image', 'docker_network'] as const;

function mergeSecrets(
  current: { api_key?: string; jwt?: string },
  input: UpdateSunaSettings,
): Record<string, string> {
  const next: Record<string, string> = {};
  const apiKey = input.api_key === undefined ? current.api_key : input.api_key;
  const jwt = input.jwt === undefined ? current.jwt : input.jwt;
  if (apiKey) next.api_key = apiKey;
  if (jwt) next.jwt = jwt;
  return next;
}

/**
 * `PUT /v1/admin/executors/suna/settings`: changes Suna's connection without a restart. Shown values go to
 * `platform_settings.value`; the API key and service JWT are encrypted by the vault under the platform's
 * own data key (a platform credential) and never answered. Omitted fields keep their value, `null` falls
 * back to the environment's. Platform admins only; audited with the names of the changed fields, never a
 * value of a secret. This process uses the new connection at once, others within 2 seconds.
 */
export async function updateSunaSettings(
  deps: PlatformDeps,
  options: { principal: Principal; input: UpdateSunaSettings },
): Promise<SunaSettings> {
  requirePlatformAdmin(options.principal);
  const { input } = options;
  const stored = await withPlatform(deps.db, async (tx) => {
    const current = await readStoredSunaSettings(tx);
    const value: StoredSunaValue = { ...current.value };
    for (const field of shownFields) {
      if (input[field] !== undefined) Object.assign(value, { [field]: input[field] });
    }
    let { secret, dataKey } = current;
    if (input.api_key !== undefined || input.jwt !== undefined) {
      const fields = mergeSecrets(await openSunaSecrets(deps, current), input);
      dataKey ??= await deps.vault.createDataKey({ clientId: platformVaultId });
      secret =
        Object.keys(fields).length === 0
          ? null
          : await deps.vault.encryptSecret({
              dataKey,
              clientId: platformVaultId,
              credentialId: sunaSecretId,
              fields,
            });
    }
    const row = {
      value: value as Record<string, unknown>,
      secret: secret as unknown as Record<string, unknown> | null,
      data_key: dataKey as unknown as Record<string, unknown> | null,
      updated_by: options.principal.userId,
      updated_at: deps.clock(),
    };
    await tx
      .insert(platformSettings)
      .values({ name: 'suna', ...row })
      .onConflictDoUpdate({ target: platformSettings.name, set: row });
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.executors.suna.settings.update',
        targetType: 'executor',
        clientId: null,
        data: {
          fields: Object.keys(input).filter((key) => input[key as keyof UpdateSunaSettings] !== undefined),
        },
      },
    });
    return { value, secret, dataKey, updatedAt: row.updated_at };
  });
  forgetSunaConnection(deps);
  await readSunaConnection(deps);
  return describeSunaSettings(deps, stored);
}
