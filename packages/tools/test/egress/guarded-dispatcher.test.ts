import { type buildConnector, request } from 'undici';
import { describe, expect, it, vi } from 'vitest';
import {
  createEgressPolicy,
  createGuardedDispatcher,
  type EgressRefusalReason,
  type HostResolver,
} from '../../src/index.ts';
import { refusal } from '../support/egress-refusal.ts';

// No test here opens a socket: the connector is a spy that fails every dial, and the resolver is a table.
function setup(table: Record<string, readonly string[]>, allow: readonly string[] = []) {
  const connector = vi.fn<buildConnector.connector>((_options, callback) => {
    callback(new Error('spy connector: dial recorded, not performed'), null);
  });
  const resolver = vi.fn<HostResolver>(async (hostname) => table[hostname] ?? []);
  const dispatcher = createGuardedDispatcher({ policy: createEgressPolicy({ allow }), resolver, connector });
  return { connector, resolver, dispatcher };
}

const resolvedRefusals: readonly [string, readonly string[], EgressRefusalReason][] = [
  ['internal.example', ['10.0.0.7'], 'private'],
  ['metadata.example', ['169.254.169.254'], 'metadata'],
  ['loopback.example', ['127.0.0.1'], 'loopback'],
  ['mixed.example', ['93.184.215.14', '192.168.0.10'], 'private'],
  ['mapped.example', ['::ffff:10.0.0.1'], 'private'],
  ['ula.example', ['fd00::1'], 'unique-local'],
  ['cgnat.example', ['100.64.1.1'], 'cgnat'],
  ['nat64.example', ['64:ff9b::7f00:1'], 'loopback'],
];

describe('guarded dispatcher', () => {
  it.each(resolvedRefusals)(
    'refuses %s resolving to %j before connecting',
    async (name, addresses, reason) => {
      const { connector, dispatcher } = setup({ [name]: addresses });
      const error = await refusal(request(`https://${name}/`, { dispatcher }));
      expect(error.reason).toBe(reason);
      expect(error.host).toBe(name);
      expect(connector).not.toHaveBeenCalled();
      await dispatcher.close();
    },
  );

  it.each(['http://10.1.2.3/', 'http://169.254.169.254/', 'http://[fd00::1]/', 'http://[::ffff:7f00:1]/'])(
    'refuses literal %s dispatched without a URL check',
    async (url) => {
      const { connector, resolver, dispatcher } = setup({});
      await refusal(request(url, { dispatcher }));
      expect(connector).not.toHaveBeenCalled();
      expect(resolver).not.toHaveBeenCalled();
      await dispatcher.close();
    },
  );

  it('refuses a name that resolves to nothing', async () => {
    const { connector, dispatcher } = setup({});
    expect((await refusal(request('http://nowhere.example/', { dispatcher }))).reason).toBe('no-address');
    expect(connector).not.toHaveBeenCalled();
  });

  it('dials the checked public address, keeping the name for TLS', async () => {
    const { connector, dispatcher } = setup({ 'public.example': ['93.184.215.14'] });
    await expect(request('https://public.example/', { dispatcher })).rejects.toThrow(/spy connector/);
    expect(connector).toHaveBeenCalledTimes(1);
    expect(connector.mock.calls[0]?.[0]).toMatchObject({
      hostname: '93.184.215.14',
      servername: 'public.example',
    });
  });

  it('tries the next checked address when one refuses the connection', async () => {
    const { connector, dispatcher } = setup({ 'two.example': ['93.184.215.14', '2606:4700::1111'] });
    connector.mockImplementationOnce((_options, callback) => {
      callback(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), null);
    });
    await expect(request('http://two.example/', { dispatcher })).rejects.toThrow(/spy connector/);
    expect(connector.mock.calls.map(([options]) => options.hostname)).toEqual([
      '93.184.215.14',
      '2606:4700::1111',
    ]);
  });

  it('trusts a name on the allowlist whatever it resolves to', async () => {
    const { connector, dispatcher } = setup({ 'db.corp.example': ['10.9.8.7'] }, ['db.corp.example']);
    await expect(request('http://db.corp.example/', { dispatcher })).rejects.toThrow(/spy connector/);
    expect(connector.mock.calls[0]?.[0]).toMatchObject({ hostname: '10.9.8.7' });
  });
});
