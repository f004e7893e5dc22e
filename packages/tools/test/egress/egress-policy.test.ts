import { describe, expect, it } from 'vitest';
import { createEgressPolicy, EgressBlockedError, type EgressRefusalReason } from '../../src/index.ts';

// URL decisions only: nothing here opens a connection.
const refusedUrls: readonly [string, EgressRefusalReason][] = [
  ['http://127.0.0.1/', 'loopback'],
  ['http://2130706433/', 'loopback'],
  ['http://0177.0.0.1/', 'loopback'],
  ['http://0x7f.0.0.1/', 'loopback'],
  ['http://0x7f000001/', 'loopback'],
  ['http://017700000001/', 'loopback'],
  ['http://127.1/', 'loopback'],
  ['http://127.0.0.1./', 'loopback'],
  ['http://%31%32%37.0.0.1/', 'loopback'],
  ['http://\uff11\uff12\uff17.0.0.1/', 'loopback'],
  ['http://a@127.0.0.1/', 'loopback'],
  ['http://8.8.8.8@127.0.0.1:8080/', 'loopback'],
  ['http://[::1]/', 'loopback'],
  ['http://[::ffff:127.0.0.1]/', 'loopback'],
  ['http://[0:0:0:0:0:ffff:7f00:1]/', 'loopback'],
  ['http://[::127.0.0.1]/', 'ipv4-compatible'],
  ['http://[fe80::1]/', 'link-local'],
  ['http://[fd00::1]:8080/', 'unique-local'],
  ['http://[64:ff9b::a9fe:a9fe]/', 'metadata'],
  ['http://[2002:a9fe:a9fe::]/', 'metadata'],
  ['http://169.254.169.254/latest/meta-data/', 'metadata'],
  ['http://0xa9.0xfe.0xa9.0xfe/', 'metadata'],
  ['http://0251.0376.0251.0376/', 'metadata'],
  ['http://169.254.43518/', 'metadata'],
  ['http://2852039166/', 'metadata'],
  ['http://0/', 'unspecified'],
  ['http://0.0.0.0:8080/', 'unspecified'],
  ['http://10.0.0.1/', 'private'],
  ['https://192.168.1.1/', 'private'],
  ['http://3232235777/', 'private'],
  ['http://172.16.0.1/', 'private'],
  ['http://100.64.0.1/', 'cgnat'],
  ['http://224.0.0.1/', 'multicast'],
  ['http://255.255.255.255/', 'broadcast'],
  ['http://localhost/', 'localhost-name'],
  ['http://LOCALHOST./', 'localhost-name'],
  ['http://api.localhost:3000/', 'localhost-name'],
  ['http://user:secret@example.com/', 'credentials-in-url'],
  ['file:///etc/passwd', 'scheme'],
  ['ftp://example.com/', 'scheme'],
  ['gopher://example.com:70/', 'scheme'],
  ['ws://example.com/', 'scheme'],
  ['javascript:alert(1)', 'scheme'],
  ['data:text/plain,hi', 'scheme'],
  ['not a url', 'invalid-url'],
  ['http://[fe80::1%25eth0]/', 'invalid-url'],
  ['http://exa mple.com/', 'invalid-url'],
];

const passingUrls: readonly string[] = [
  'https://example.com/path?q=1',
  'http://8.8.8.8/',
  'https://[2606:4700::1111]/',
  'http://api.example.com:8080/v1',
  'https://example.com./',
];

function refusalOf(action: () => unknown): EgressBlockedError {
  try {
    action();
  } catch (error) {
    if (EgressBlockedError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the egress guard to refuse');
}

describe('EgressPolicy.checkUrl', () => {
  const policy = createEgressPolicy();

  it('has a refusal table of at least 40 URLs', () => {
    expect(refusedUrls.length).toBeGreaterThanOrEqual(40);
  });

  it.each(refusedUrls)('refuses %s (%s)', (url, reason) => {
    const error = refusalOf(() => policy.checkUrl(url));
    expect(error.reason).toBe(reason);
    expect(error.code).toBe('EGRESS_BLOCKED');
    expect(error.isRetryable).toBe(false);
  });

  it.each(passingUrls)('lets %s through', (url) => {
    expect(() => policy.checkUrl(url)).not.toThrow();
  });

  it('normalises the host the connection will use', () => {
    expect(policy.checkUrl('https://Example.COM./a')).toMatchObject({
      hostname: 'example.com',
      port: 443,
      family: 0,
    });
    expect(policy.checkUrl('http://[2606:4700::1111]:81/')).toMatchObject({
      hostname: '2606:4700::1111',
      port: 81,
      family: 6,
    });
  });

  it('writes a readable message naming the host and the reason', () => {
    const error = refusalOf(() => policy.checkUrl('http://[::ffff:a9fe:a9fe]/'));
    expect(error.message).toBe(
      'Outbound call to ::ffff:a9fe:a9fe refused: it is a cloud metadata service address (carries IPv4 169.254.169.254 as ipv4-mapped)',
    );
    expect(error.host).toBe('::ffff:a9fe:a9fe');
  });
});

describe('egress allowlist', () => {
  it('lets an allowlisted address and port through, and only that port', () => {
    const policy = createEgressPolicy({ allow: ['127.0.0.1:4010'] });
    expect(() => policy.checkUrl('http://127.0.0.1:4010/')).not.toThrow();
    expect(refusalOf(() => policy.checkUrl('http://127.0.0.1:4011/')).reason).toBe('loopback');
    expect(() => policy.checkAddress('fake.test', '127.0.0.1', 4010)).not.toThrow();
    expect(() => policy.checkAddress('fake.test', '127.0.0.1', 4011)).toThrow(EgressBlockedError);
  });

  it('accepts CIDR blocks, bare addresses and bracketed IPv6 with a port', () => {
    const policy = createEgressPolicy({ allow: ['10.20.0.0/16', '::1', '[fd00::5]:8443'] });
    expect(() => policy.checkAddress('db.internal', '10.20.3.4', 5432)).not.toThrow();
    expect(() => policy.checkAddress('db.internal', '10.21.3.4', 5432)).toThrow(EgressBlockedError);
    expect(() => policy.checkUrl('http://[::1]:9999/')).not.toThrow();
    expect(() => policy.checkAddress('x', 'fd00::5', 8443)).not.toThrow();
    expect(() => policy.checkAddress('x', 'fd00::5', 443)).toThrow(EgressBlockedError);
  });

  it('trusts allowlisted names, with wildcards for subdomains and optional ports', () => {
    const policy = createEgressPolicy({ allow: ['fake-tavily.test', '*.fakes.test:8080', 'localhost:3000'] });
    expect(policy.trustsName('fake-tavily.test', 443)).toBe(true);
    expect(policy.trustsName('a.fakes.test', 8080)).toBe(true);
    expect(policy.trustsName('a.fakes.test', 8081)).toBe(false);
    expect(policy.trustsName('fakes.test', 8080)).toBe(false);
    expect(policy.trustsName('other.test', 443)).toBe(false);
    expect(() => policy.checkUrl('http://localhost:3000/')).not.toThrow();
    expect(refusalOf(() => policy.checkUrl('http://localhost:3001/')).reason).toBe('localhost-name');
  });

  it.each(['10.0.0.0/33', 'host:99999', 'bad host', '300.1.1.1/8', 'http://x.test'])(
    'fails fast on entry %s',
    (entry) => {
      expect(() => createEgressPolicy({ allow: [entry] })).toThrow(/egress allowlist entry/);
    },
  );
});
