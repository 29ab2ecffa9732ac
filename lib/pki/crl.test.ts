import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRootAndIssuing, type CaMaterial } from './ca-keys';
import { buildCrl } from './crl';
import { openssl, workDir, write } from './testing/openssl';

let dir: string;
let issuing: CaMaterial;

beforeAll(async () => {
  dir = workDir();
  const ca = await createRootAndIssuing({});
  issuing = ca.issuing;
  write(dir, 'chain.pem', `${ca.issuing.certPem.trim()}\n${ca.root.certPem.trim()}\n`);
});

describe('CRL', () => {
  it('is a v2 CRL signed by the issuing CA with a CRL number, nextUpdate and reasons (openssl + cryptography)', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const der = await buildCrl({
      issuer: issuing,
      crlNumber: 300n,
      now,
      entries: [
        { serialNumber: '7a3c1f00aa', revokedAt: now, reason: 'keyCompromise' },
        { serialNumber: '01020304', revokedAt: now, reason: 'unspecified' },
      ],
    });
    const file = write(dir, 'crl.der', der);
    const text = openssl(dir, 'crl', '-inform', 'DER', '-in', file, '-CAfile', 'chain.pem', '-noout', '-text').toString();
    expect(text).toContain('Version 2');
    expect(text).toMatch(/X509v3 CRL Number:\s+300/);
    expect(text).toContain('Next Update: Nov 25 12:00:00 2026 GMT');
    expect(text).toMatch(/Serial Number: 7A3C1F00AA[\s\S]+Key Compromise/);
    const py = execFileSync('python3', ['-c', `
import sys, json
from cryptography import x509
crl = x509.load_der_x509_crl(open(sys.argv[1], 'rb').read())
print(json.dumps({'serials': sorted(format(r.serial_number, 'x') for r in crl),
  'reasons': {format(r.serial_number, 'x'): [e.value.reason.name for e in r.extensions] for r in crl},
  'number': crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number}))`, file]).toString();
    expect(JSON.parse(py)).toEqual({ serials: ['1020304', '7a3c1f00aa'], reasons: { '7a3c1f00aa': ['key_compromise'], '1020304': [] }, number: 300 });
    const verify = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', file, '-CAfile', `${dir}/chain.pem`, '-noout'], { stdio: ['ignore', 'pipe', 'pipe'] });
    expect(verify.toString()).toBe('');
  });

  it('encodes large CRL numbers as positive DER integers', async () => {
    const der = await buildCrl({ issuer: issuing, crlNumber: 0x80n, entries: [] });
    const text = openssl(dir, 'crl', '-inform', 'DER', '-in', write(dir, 'n.der', der), '-noout', '-text').toString();
    expect(text).toMatch(/CRL Number:\s+128/);
  });
});
