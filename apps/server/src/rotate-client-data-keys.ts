import type { Config } from '@renum/config';
import type { Database } from '@renum/db';
import { listClientsWithDataKeys, rotateClientDataKey } from '@renum/platform';
import { createPlatformDeps, openVault, resolveJwtSecret } from './platform-deps.ts';

/**
 * `npm run renum -- vault rotate-client --client <id>` (or `--all`): per-client data-key rotation, one
 * client after the other, printing what moved. Returns the process exit code.
 */
export async function rotateClientDataKeys(options: {
  config: Config;
  db: Database;
  client: string | undefined;
  all: boolean;
}): Promise<number> {
  const { config } = options;
  if (!options.all === !options.client) {
    console.error('vault rotate-client needs exactly one of --client <id> or --all');
    return 1;
  }
  const deps = createPlatformDeps({
    config,
    db: options.db,
    jwtSecret: resolveJwtSecret(config),
    vault: await openVault(config),
  });
  const clientIds = options.client ? [options.client] : await listClientsWithDataKeys(deps);
  let failed = 0;
  for (const clientId of clientIds) {
    try {
      const result = await rotateClientDataKey(deps, { clientId });
      if (!result.rotated) {
        console.log(`${clientId}: no data key yet (no credential was ever stored); nothing to rotate.`);
        continue;
      }
      const retired = result.retiredVersions.length ? result.retiredVersions.join(', ') : 'none';
      console.log(
        `${clientId}: data key v${result.fromVersion} -> v${result.toVersion}, ${result.moved} credentials re-encrypted, retired versions: ${retired}.`,
      );
    } catch (error) {
      failed += 1;
      // The message names the client and credential ids, never a secret (the vault's errors do not).
      console.error(`${clientId}: rotation failed: ${(error as Error).message}`);
    }
  }
  if (options.all) console.log(`Rotated ${clientIds.length - failed} of ${clientIds.length} clients.`);
  return failed > 0 ? 1 : 0;
}
