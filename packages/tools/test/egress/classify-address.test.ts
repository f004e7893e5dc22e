import { describe, expect, it } from 'vitest';
import { type AddressRefusalReason, classifyAddress } from '../../src/index.ts';

// Decisions only: nothing here opens a connection.
const refused: readonly [string, AddressRefusalReason][] = [
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['169.254.169.254', 'metadata'],
  ['169.254.170.2', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['169.254.1.1', 'link-local'],
  ['100.64.0.1', 'cgnat'],
  ['100.127.255.254', 'cgnat'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.0.8', 'reserved'],
  ['192.88.99.1', 'reserved'],
  ['192.0.2.10', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['198.18.0.1', 'benchmark'],
  ['198.19.255.255', 'benchmark'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456:789a::1', 'unique-local'],
  ['fd00:ec2::254', 'metadata'],
  ['fec0::1', 'site-local'],
  ['ff02::1', 'multicast'],
  ['ff05::1:3', 'multicast'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::FFFF:7F00:0001', 'loopback'],
  ['::ffff:a9fe:a9fe', 'metadata'],
  ['::ffff:10.1.2.3', 'private'],
  ['::ffff:0:c0a8:101', 'private'],
  ['::127.0.0.1', 'ipv4-compatible'],
  ['::8.8.8.8', 'ipv4-compatible'],
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'metadata'],
  ['64:ff9b::c0a8:1', 'private'],
  ['64:ff9b:1::1', 'reserved'],
  ['2002:7f00:1::1', 'loopback'],
  ['2002:c0a8:101::1', 'private'],
  ['2002:a9fe:a9fe::', 'metadata'],
  ['2001:0:4136:e378:8000:63bf:80ff:fefe', 'loopback'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'documentation'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['2001:2::1', 'benchmark'],
  ['2001:10::1', 'reserved'],
  ['100::1', 'reserved'],
  ['1::1', 'reserved'],
  ['4000::1', 'reserved'],
  ['localhost', 'invalid-address'],
  ['127.1', 'invalid-address'],
  ['2130706433', 'invalid-address'],
  ['', 'invalid-address'],
];

const allowed: readonly string[] = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.215.14',
  '172.32.0.1',
  '100.128.0.1',
  '2606:4700::1111',
  '2001:4860:4860::8888',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
  '2002:808:808::1',
];

describe('classifyAddress', () => {
  it('has a refusal table of at least 40 addresses', () => {
    expect(refused.length).toBeGreaterThanOrEqual(40);
  });

  it.each(refused)('refuses %s as %s', (address, reason) => {
    const decision = classifyAddress(address);
    expect(decision.allowed).toBe(false);
    expect(decision.allowed === false && decision.reason).toBe(reason);
  });

  it.each(allowed)('allows public %s', (address) => {
    expect(classifyAddress(address).allowed).toBe(true);
  });

  it('names the IPv4 address carried inside an IPv6 form', () => {
    expect(classifyAddress('64:ff9b::a9fe:a9fe')).toMatchObject({
      allowed: false,
      embedded: { form: 'nat64', address: '169.254.169.254' },
    });
    expect(classifyAddress('::ffff:7f00:1')).toMatchObject({
      embedded: { form: 'ipv4-mapped', address: '127.0.0.1' },
    });
  });
});
