// `ca import`: a PEM chain with its key in each PEM format, and PKCS#12 as OpenSSL 3 writes it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrustgateError } from '../errors';
import { parseCaImport } from './ca-keys';
import { parseCsr } from './csr-policy';
import { issueClientCertificate } from './profile';
import { keySpecs, makeOpensslCsr, openssl, workDir, write } from './testing/openssl';

let dir: string;
const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');

beforeAll(() => {
  dir = workDir('tg-ca-');
  writeFileSync(path.join(dir, 'ca.cnf'), 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  openssl(dir, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', 'root.key');
  openssl(dir, 'req', '-x509', '-new', '-key', 'root.key', '-subj', '/CN=Corp Root', '-days', '3650', '-out', 'root.pem',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl(dir, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'issuing.key');
  openssl(dir, 'req', '-new', '-key', 'issuing.key', '-subj', '/CN=Corp Issuing', '-out', 'issuing.csr');
  openssl(dir, 'x509', '-req', '-in', 'issuing.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-days', '1000', '-out', 'issuing.pem', '-extfile', 'ca.cnf');
  writeFileSync(path.join(dir, 'chain.pem'), read('issuing.pem') + read('root.pem'));
});

async function issuesWith(imported: Awaited<ReturnType<typeof parseCaImport>>) {
  const csr = await parseCsr(makeOpensslCsr(dir, 'leaf', keySpecs['EC P-256']).pem);
  const issued = await issueClientCertificate({ csr, commonName: 'acme-corp', issuer: imported.issuing, validityDays: 30, publicUrl: 'https://t.example' });
  write(dir, 'leaf.pem', issued.pem);
  return openssl(dir, 'verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', 'leaf.pem').toString();
}

describe('ca import', () => {
  it('takes a PEM chain with a PKCS#8 key, and the imported CA issues verifiable certificates', async () => {
    const imported = await parseCaImport({ certPem: read('chain.pem'), keyPem: read('issuing.key') });
    expect(imported.issuing.certificate.subject).toBe('CN=Corp Issuing');
    expect(imported.root.subject).toBe('CN=Corp Root');
    expect(await issuesWith(imported)).toContain('leaf.pem: OK');
  });

  it('takes a SEC1 "EC PRIVATE KEY"', async () => {
    const sec1 = openssl(dir, 'ec', '-in', 'issuing.key').toString();
    expect(sec1).toContain('BEGIN EC PRIVATE KEY');
    expect((await parseCaImport({ certPem: read('chain.pem'), keyPem: sec1 })).issuing.certificate.subject).toBe('CN=Corp Issuing');
  });

  it('takes a PKCS#12 file (OpenSSL 3 default: PBES2, AES-256, HMAC-SHA-256)', async () => {
    openssl(dir, 'pkcs12', '-export', '-inkey', 'issuing.key', '-in', 'issuing.pem', '-certfile', 'root.pem', '-out', 'ca.p12', '-passout', 'pass:s3cret');
    const p12 = new Uint8Array(readFileSync(path.join(dir, 'ca.p12')));
    const imported = await parseCaImport({ pkcs12: p12, password: 's3cret' });
    expect(imported.chain.map((c) => c.subject)).toEqual(['CN=Corp Issuing', 'CN=Corp Root']);
    expect(await issuesWith(imported)).toContain('leaf.pem: OK');
    await expect(parseCaImport({ pkcs12: p12, password: 'wrong' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('refuses a key that does not match, a non-CA certificate, and a missing root', async () => {
    openssl(dir, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'other.key');
    await expect(parseCaImport({ certPem: read('chain.pem'), keyPem: read('other.key') })).rejects.toBeInstanceOf(TrustgateError);
    openssl(dir, 'req', '-x509', '-new', '-key', 'other.key', '-subj', '/CN=Not a CA', '-days', '30', '-out', 'leafonly.pem', '-addext', 'basicConstraints=critical,CA:FALSE');
    await expect(parseCaImport({ certPem: read('leafonly.pem'), keyPem: read('other.key') })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(parseCaImport({ certPem: read('issuing.pem'), keyPem: read('issuing.key') })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
