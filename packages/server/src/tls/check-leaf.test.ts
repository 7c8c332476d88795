import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LEAF_RENEW_BEFORE_DAYS, leafReplacementReason } from './check-leaf.js';
import {
  createCertificateAuthority,
  issueLeafCertificate,
  LEAF_LIFETIME_DAYS,
} from './issue-certificates.js';
import { LEAF_IP_ADDRESSES, leafHostNames } from './leaf-host-names.js';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const DAY = 86_400_000;

describe('local CA and leaf certificate (issue 10 part 1)', () => {
  it('host names: a wildcard and the bare name per host kind, the domain and localhost', () => {
    expect(leafHostNames('MarketingCloudApis.com')).toEqual([
      '*.auth.marketingcloudapis.com',
      'auth.marketingcloudapis.com',
      '*.rest.marketingcloudapis.com',
      'rest.marketingcloudapis.com',
      '*.soap.marketingcloudapis.com',
      'soap.marketingcloudapis.com',
      'marketingcloudapis.com',
      'localhost',
    ]);
  });

  it('the CA is a CA (ECDSA P-256); the leaf is signed by it, names every tenant host and is no CA', async () => {
    const ca = await createCertificateAuthority(NOW);
    const caCert = new X509Certificate(ca.certificatePem);
    expect(caCert.ca).toBe(true);
    expect(caCert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(ca.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const names = leafHostNames('example.test');
    const leaf = await issueLeafCertificate(ca, names, LEAF_IP_ADDRESSES, NOW);
    const leafCert = new X509Certificate(leaf.certificatePem);
    expect(leafCert.ca).toBe(false);
    expect(leafCert.checkIssued(caCert)).toBe(true);
    expect(leafCert.verify(caCert.publicKey)).toBe(true);
    expect(leafCert.checkHost('mc563885gzs27c5t9-63k636ttgm.auth.example.test')).toBe('*.auth.example.test');
    expect(leafCert.checkHost('mcx.soap.example.test')).toBeDefined();
    expect(leafCert.checkHost('a.b.auth.example.test')).toBeUndefined();
    expect(leafCert.checkHost('mcx.auth.other.test')).toBeUndefined();
    expect(leafCert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(Date.parse(leafCert.validTo) - NOW).toBeLessThanOrEqual(LEAF_LIFETIME_DAYS * DAY);
    expect(leafReplacementReason(leaf.certificatePem, ca.certificatePem, names, LEAF_IP_ADDRESSES, NOW)).toBe(
      undefined,
    );
  });

  it('the leaf is issued again when the domain changes, the CA changes, or it nears its end', async () => {
    const ca = await createCertificateAuthority(NOW);
    const names = leafHostNames('example.test');
    const leaf = await issueLeafCertificate(ca, names, LEAF_IP_ADDRESSES, NOW);
    const reason = (caPem: string, n: readonly string[], at: number) =>
      leafReplacementReason(leaf.certificatePem, caPem, n, LEAF_IP_ADDRESSES, at);
    expect(reason(ca.certificatePem, leafHostNames('other.test'), NOW)).toBe(
      'its host names differ from the base domain',
    );
    const otherCa = await createCertificateAuthority(NOW);
    expect(reason(otherCa.certificatePem, names, NOW)).toBe('it was not issued by the current CA');
    const validTo = Date.parse(new X509Certificate(leaf.certificatePem).validTo);
    expect(reason(ca.certificatePem, names, validTo - (LEAF_RENEW_BEFORE_DAYS + 1) * DAY)).toBe(undefined);
    expect(reason(ca.certificatePem, names, validTo - LEAF_RENEW_BEFORE_DAYS * DAY)).toBe('it expires soon');
    expect(reason(ca.certificatePem, names, NOW - DAY)).toBe('it is not valid yet');
    expect(leafReplacementReason('not a certificate', ca.certificatePem, names, [], NOW)).toBe(
      'the stored certificate cannot be read',
    );
  });
});
