import type { PlatformSettingsView } from '@renum/contracts';
import { platformSettingVersions, withPlatform } from '@renum/db';
import { desc } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { noSettings, settingsOfRow } from './read-settings.ts';
import { settingsToWire } from './settings-wire.ts';

const historySize = 21;

/**
 * The platform settings in force, the 20 versions before them, and the models the deployment can call
 * (platform admins only; the read is audited like every console call).
 */
export async function getPlatformSettings(
  deps: PlatformDeps,
  options: { principal: Principal; availableModels: readonly string[] },
): Promise<PlatformSettingsView> {
  requirePlatformAdmin(options.principal);
  return withPlatform(deps.db, async (tx) => {
    const rows = await tx
      .select()
      .from(platformSettingVersions)
      .orderBy(desc(platformSettingVersions.version))
      .limit(historySize);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: { action: 'admin.settings.read', targetType: 'platform_settings', clientId: null },
    });
    const versions = rows.map(settingsOfRow);
    return {
      current: settingsToWire(versions[0] ?? noSettings),
      available_models: [...options.availableModels],
      history: versions.slice(1).map(settingsToWire),
    };
  });
}
