import type { PlatformSettings, PlatformSettingsInput, PlatformSettingsView } from '@renum/contracts';
import type { Transport } from '../transport.ts';

/** The platform settings (platform admins only): read with history, set a new version. */
export function createPlatformSettingsApi(transport: Transport) {
  return {
    get: (options: { signal?: AbortSignal } = {}) =>
      transport.json<PlatformSettingsView>({ method: 'GET', path: '/v1/admin/settings', ...options }),
    /** Sets a new version; `base_version` is the version edited (`409 CONFLICT` if another landed). */
    update: (input: PlatformSettingsInput) =>
      transport.json<PlatformSettings>({ method: 'PUT', path: '/v1/admin/settings', body: input }),
  };
}
