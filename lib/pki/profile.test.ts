// The issued certificate, checked by tools nobody here wrote: `openssl verify -x509_strict
// -purpose sslclient` and Python's `cryptography`, extension by extension.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRootAndIssuing, parseCaImport, type CaMaterial } from './ca-keys';
import { parseCsr } from './csr-policy';
import { issueClientCertificate } from './profile';
import { childrenOf, readTlv, slice } from './der';
import { x509 } from './x509';
import { keySpecs, makeOpensslCsr, openssl, workDir, write } from './testing/openssl';

const tbsOf = (der: Uint8Array) => slice(der, childrenOf(der, readTlv(der, 0))[0]);

let dir: string;
let root: CaMaterial;
let issuing: CaMaterial;
let current: CaMaterial;
let late: CaMaterial;
const publicUrl = 'https://trustgate.example';

beforeAll(async () => {
  dir = workDir();
  ({ root, issuing } = await createRootAndIssuing({}));
  current = issuing;
  late = (await createRootAndIssuing({ now: new Date('2049-12-01T00:00:00Z') })).issuing;
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
      const issued = await issueClientCertificate({ csr, commonName: 'acme-corp', issuer: issuing, validityDays: 365, publicUrl, now });
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
    const issued = await issueClientCertificate({ csr: await parseCsr(requested.pem), commonName: 'acme-corp', issuer: issuing, validityDays: 30, publicUrl });
    const py = python(write(dir, 'ext.pem', issued.pem), path.join(dir, 'issuing.pem'));
    expect(py.basicConstraints.ca).toBe(false);
    expect(py.keyUsage.keyCertSign).toBe(false);
    expect(py.hasSan).toBe(false);
  });

  it("never copies the CSR's subject: the certificate names the organization ID alone", async () => {
    const requested = makeOpensslCsr(dir, 'subj', keySpecs['EC P-256'], '/C=US/O=Big Bank Inc./OU=Payments/CN=acme-corp/emailAddress=ceo@bank.example');
    const issued = await issueClientCertificate({ csr: await parseCsr(requested.pem), commonName: 'acme-corp', issuer: issuing, validityDays: 30, publicUrl });
    const leaf = write(dir, 'subj.pem', issued.pem);
    expect(python(leaf, path.join(dir, 'issuing.pem')).subject).toBe('CN=acme-corp');
    expect(issued.subject).toBe('CN=acme-corp');
    expect(openssl(dir, 'x509', '-in', leaf, '-noout', '-subject', '-nameopt', 'RFC2253').toString()).toBe('subject=CN=acme-corp\n');
    expect(openssl(dir, 'verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', leaf).toString()).toBe(`${leaf}: OK\n`);
  });

  // An independent encoder: @peculiar/x509's generator, given the same serial, times, names and
  // key, must write exactly the TBSCertificate our DER writer wrote (only the ECDSA signatures differ).
  for (const [name, genpkey] of Object.entries(keySpecs)) {
    it(`${name}: the TBSCertificate is byte-identical to @peculiar/x509's encoding`, async () => {
      const csr = await parseCsr(makeOpensslCsr(dir, `diff${name.replace(/\W/g, '')}`, genpkey).pem);
      // Today (UTCTime), and a CA of 2049 whose certificates cross into 2050 (GeneralizedTime, RFC 5280 §4.1.2.5).
      for (const [issuing, now] of [[current, new Date()], [late, new Date('2049-12-20T23:59:30.750Z')]] as const) {
        const ours = await issueClientCertificate({ csr, commonName: 'acme-corp', issuer: issuing, validityDays: 30, publicUrl, now });
        const publicKey = new x509.PublicKey(csr.spkiDer);
        const F = x509.KeyUsageFlags;
        const theirs = await x509.X509CertificateGenerator.create({
          serialNumber: ours.serialNumber,
          subject: new x509.Name([{ '2.5.4.3': [{ utf8String: 'acme-corp' }] }]), // UTF8String, RFC 5280 §4.1.2.6
          issuer: issuing.certificate.subjectName,
          notBefore: ours.notBefore,
          notAfter: ours.notAfter,
          publicKey,
          signingKey: issuing.privateKey,
          signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' },
          extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(csr.keyType === 'RSA' ? F.digitalSignature | F.keyEncipherment : F.digitalSignature, true),
            new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
            await x509.SubjectKeyIdentifierExtension.create(publicKey),
            new x509.AuthorityKeyIdentifierExtension(issuing.certificate.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId),
            new x509.CRLDistributionPointsExtension([`${publicUrl}/pki/crl`]),
            new x509.AuthorityInfoAccessExtension({ caIssuers: new x509.GeneralName('url', `${publicUrl}/pki/issuing-ca.crt`) }),
          ],
        });
        expect(Buffer.from(tbsOf(ours.der)).toString('hex')).toBe(Buffer.from(tbsOf(new Uint8Array(theirs.rawData))).toString('hex'));
        expect(await new x509.X509Certificate(ours.der as Uint8Array<ArrayBuffer>).verify({ publicKey: issuing.certificate.publicKey, signatureOnly: true })).toBe(true);
      }
    });
  }

  it('an imported RSA CA signs with sha256WithRSAEncryption, and OpenSSL verifies it strictly', async () => {
    openssl(dir, 'genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa-ca.key');
    openssl(dir, 'req', '-x509', '-new', '-key', 'rsa-ca.key', '-subj', '/CN=RSA CA', '-days', '30', '-out', 'rsa-ca.pem',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-addext', 'subjectKeyIdentifier=hash');
    const ca = await parseCaImport({ certPem: readFileSync(path.join(dir, 'rsa-ca.pem'), 'utf8'), keyPem: readFileSync(path.join(dir, 'rsa-ca.key'), 'utf8') });
    const csr = await parseCsr(makeOpensslCsr(dir, 'rsaleaf', keySpecs['EC P-256']).pem);
    const issued = await issueClientCertificate({ csr, commonName: 'acme-corp', issuer: ca.issuing, validityDays: 365, publicUrl });
    const leaf = write(dir, 'rsaleaf.pem', issued.pem);
    expect(openssl(dir, 'verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', 'rsa-ca.pem', leaf).toString()).toBe(`${leaf}: OK\n`);
    expect(openssl(dir, 'x509', '-in', leaf, '-noout', '-text').toString()).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(issued.notAfter.getTime()).toBe(ca.issuing.certificate.notAfter.getTime()); // capped by the CA's 30 days
  });

  it('never outlives the issuing CA, and serials are unique', async () => {
    const csr = await parseCsr(makeOpensslCsr(dir, 'long', keySpecs['EC P-256']).pem);
    const issued = await issueClientCertificate({ csr, commonName: 'acme-corp', issuer: issuing, validityDays: 825, publicUrl, now: new Date(issuing.certificate.notAfter.getTime() - 10 * 86_400_000) });
    expect(issued.notAfter.getTime()).toBe(issuing.certificate.notAfter.getTime());
    const serials = new Set(await Promise.all(Array.from({ length: 20 }, async () => (await issueClientCertificate({ csr, commonName: 'acme-corp', issuer: issuing, validityDays: 1, publicUrl })).serialNumber)));
    expect(serials.size).toBe(20);
  });
});
