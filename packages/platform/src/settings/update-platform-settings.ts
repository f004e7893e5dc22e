import { AppError, type PlatformSettings, type PlatformSettingsInput } from '@renum/contracts';
import { platformSettingVersions, withPlatform } from '@renum/db';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { assertPlanIn } from '../limits/plan-exists.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { type EffectiveSettings, readSettings, settingsOfRow } from './read-settings.ts';
import { settingsToWire } from './settings-wire.ts';

/** The names of the settings that differ between two versions, for the audit entry. */
function changedFields(before: EffectiveSettings, after: EffectiveSettings): string[] {
  const pairs: Array<[string, unknown, unknown]> = [
    ['default_plan', before.defaultPlan, after.defaultPlan],
    ['enabled_models', before.enabledModels, after.enabledModels],
    ['price_overrides', before.priceOverrides, after.priceOverrides],
    ['features', before.features, after.features],
  ];
  return pairs.filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b)).map(([name]) => name);
}

/**
 * Sets the platform settings as a new version (platform admins only; audited with the fields changed
 * and the reason). `base_version` is the version the admin edited: when another change landed since,
 * the answer is `409 CONFLICT` with the version in force, and nothing is written. The default plan must
 * exist (`400 VALIDATION_ERROR`). The new version applies to the next client created, the next send
 * and the next model call metered.
 */
export async function updatePlatformSettings(
  deps: PlatformDeps,
  options: { principal: Principal; input: PlatformSettingsInput },
): Promise<PlatformSettings> {
  requirePlatformAdmin(options.principal);
  const { input } = options;
  return withPlatform(deps.db, async (tx) => {
    // One writer at a time: the check of base_version and the insert of the next are one step.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('renum.platform_setting_versions'))`);
    const before = await readSettings(tx);
    if (before.version !== input.base_version)
      throw new AppError('CONFLICT', 'The platform settings changed since they were read; reload them', {
        context: { version: before.version },
      });
    if (input.default_plan !== null) await assertPlanIn(tx, input.default_plan, 'default_plan');
    const [row] = await tx
      .insert(platformSettingVersions)
      .values({
        version: before.version + 1,
        default_plan: input.default_plan,
        enabled_models: input.enabled_models ? [...new Set(input.enabled_models)] : null,
        price_overrides: input.price_overrides,
        features: input.features,
        created_by: options.principal.userId ?? null,
        created_at: deps.clock(),
      })
      .returning();
    const after = settingsOfRow(row!);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.settings.update',
        targetType: 'platform_settings',
        clientId: null,
        data: {
          version: after.version,
          changed: changedFields(before, after),
          ...(input.reason ? { reason: input.reason } : {}),
        },
      },
    });
    return settingsToWire(after);
  });
}
