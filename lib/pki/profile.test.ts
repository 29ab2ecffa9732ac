// The issued certificate, checked by tools nobody here wrote: `openssl verify -x509_strict
// -purpose sslclient` and Python's `cryptography`, extension by extension.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRootAndIssuing, type CaMaterial } from './ca-keys';
import { parseCsr } from './csr-policy';
import { issueClientCertificate } from './profile';
import { keySpecs, makeOpensslCsr, openssl, workDir, write } from './testing/openssl';

let dir: string;
let root: CaMaterial;
let issuing: CaMaterial;
const publicUrl = 'https://trustgate.example';

beforeAll(async () => {
  dir = workDir();
  ({ root, issuing } = await createRootAndIssuing({}));
  write(dir, 'root.pem', root.certPem);
  write(dir, 'issuing.pem', issuing.certPem);
});

const python = (leaf: string, issuer: string) =>
  JSON.parse(execFileSync('python3', [path.join(import.meta.dirname, 'testing/inspect_cert.py'), leaf, issuer]).toString());

describe('the CA', () => {
  it('root and issuing CA verify strictly and carry CA extensions', () => {
    expect(openssl(dir, 'verify', '-x509_strict', '-CAfile', 'root.pem', 'issuing.pem').toString()).toContain('issuing.pem: OK');
    const text = openssl(dir, 'x509', '-in', 'issuing.pem', '-noout', '-text').toString();
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
    expect(text).toContain('ecdsa-with-SHA384');
    expect(text).toContain('NIST CURVE: P-384');
  });
});

describe('client certificate profile', () => {
  for (const [name, genpkey] of Object.entries(keySpecs)) {
    it(`${name}: passes openssl -x509_strict sslclient and parses in cryptography`, async () => {
      const id = name.replace(/\W/g, '');
      const csr = await parseCsr(makeOpensslCsr(dir, id, genpkey).pem);
      const now = new Date();
      const issued = await issueClientCertificate({ csr, issuer: issuing, validityDays: 365, publicUrl, now });
      const leaf = write(dir, `${id}.pem`, issued.pem);
      const verify = openssl(dir, 'verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', leaf).toString();
      expect(verify).toBe(`${leaf}: OK\n`);

      const py = python(leaf, path.join(dir, 'issuing.pem'));
      expect(py.version).toBe('v3');
      expect(py.subject).toBe('CN=acme-corp');
      expect(py.serialBits).toBeGreaterThanOrEqual(64);
      expect(py.serialHex).toBe(issued.serialNumber.replace(/^0+/, ''));
      expect(Math.floor(now.getTime() / 1000 - py.notBefore)).toBe(60);
      expect(Math.round((py.notAfter - py.notBefore) / 86400)).toBe(365);
      expect(py.basicConstraints).toEqual({ ca: false, critical: true });
      expect(py.keyUsage).toEqual({ digitalSignature: true, keyEncipherment: name.startsWith('RSA'), keyCertSign: false, critical: true });
      expect(py.clientAuthOnly).toBe(true);
      expect(py.skiMatchesKey).toBe(true);
      expect(py.akiMatchesIssuer).toBe(true);
      expect(py.crlUrls).toEqual([`${publicUrl}/pki/crl`]);
      expect(py.caIssuers).toEqual([`${publicUrl}/pki/issuing-ca.crt`]);
      expect(py.extensionCount).toBe(7);
    });
  }

  it('never copies extensions requested in the CSR', async () => {
    const requested = makeOpensslCsr(dir, 'ext', keySpecs['EC P-256'], '/CN=acme-corp', [
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'subjectAltName=DNS:evil.example', '-addext', 'keyUsage=critical,keyCertSign',
    ]);
    const issued = await issueClientCertificate({ csr: await parseCsr(requested.pem), issuer: issuing, validityDays: 30, publicUrl });
    const py = python(write(dir, 'ext.pem', issued.pem), path.join(dir, 'issuing.pem'));
    expect(py.basicConstraints.ca).toBe(false);
    expect(py.keyUsage.keyCertSign).toBe(false);
    expect(py.hasSan).toBe(false);
  });

  it('never outlives the issuing CA, and serials are unique', async () => {
    const csr = await parseCsr(makeOpensslCsr(dir, 'long', keySpecs['EC P-256']).pem);
    const issued = await issueClientCertificate({ csr, issuer: issuing, validityDays: 825, publicUrl, now: new Date(issuing.certificate.notAfter.getTime() - 10 * 86_400_000) });
    expect(issued.notAfter.getTime()).toBe(issuing.certificate.notAfter.getTime());
    const serials = new Set(await Promise.all(Array.from({ length: 20 }, async () => (await issueClientCertificate({ csr, issuer: issuing, validityDays: 1, publicUrl })).serialNumber)));
    expect(serials.size).toBe(20);
  });
});
