// The CSR policy, one test per error code and per accepted key type, on CSRs made by openssl.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrustgateError } from '../errors';
import { checkCsrSubject, ecdsaSignatureToRaw, parseCsr, webCsrCrypto } from './csr-policy';
import { nodeCsrCrypto } from './node-crypto';
import { x509 } from './x509';

const flip = (der: Uint8Array, at: number) => {
  const out = new Uint8Array(der);
  out[at] ^= 0x01;
  return out;
};
import { keySpecs, makeOpensslCsr, openssl, workDir } from './testing/openssl';

let dir: string;
beforeAll(() => {
  dir = workDir();
});

async function codeOf(input: string | Uint8Array): Promise<string> {
  try {
    await parseCsr(input);
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(TrustgateError);
    return (error as TrustgateError).code;
  }
}

describe('accepted key types', () => {
  for (const [name, genpkey] of Object.entries(keySpecs)) {
    it(`accepts ${name}`, async () => {
      const { pem, der } = makeOpensslCsr(dir, name.replace(/\W/g, ''), genpkey);
      const parsed = await parseCsr(pem);
      expect(parsed).toMatchObject({ keyAlgorithm: name, subject: 'CN=acme-corp', commonNames: ['acme-corp'] });
      expect(parsed.publicKeySha256).toMatch(/^[0-9a-f]{64}$/);
      expect((await parseCsr(der)).publicKeySha256).toBe(parsed.publicKeySha256);
    });
  }

  it('reports the public key SHA-256 exactly as openssl computes it', async () => {
    const { key, pem } = makeOpensslCsr(dir, 'fp', keySpecs['EC P-384']);
    const expected = openssl(dir, 'pkey', '-in', key, '-pubout', '-outform', 'DER');
    const { createHash } = await import('node:crypto');
    expect((await parseCsr(pem)).publicKeySha256).toBe(createHash('sha256').update(expected).digest('hex'));
  });
});

describe('refusals', () => {
  it('malformed_csr: garbage, bad base64, trailing bytes, two CSRs, a certificate', async () => {
    const { pem, der } = makeOpensslCsr(dir, 'm', keySpecs['EC P-256']);
    expect(await codeOf('hello')).toBe('malformed_csr');
    expect(await codeOf('-----BEGIN CERTIFICATE REQUEST-----\n!!!\n-----END CERTIFICATE REQUEST-----')).toBe('malformed_csr');
    expect(await codeOf(new Uint8Array([...der, 0, 0]))).toBe('malformed_csr');
    expect(await codeOf(pem + pem)).toBe('malformed_csr');
    expect(await codeOf(der.subarray(0, der.length - 5))).toBe('malformed_csr');
    openssl(dir, 'req', '-x509', '-new', '-key', 'm.key', '-subj', '/CN=x', '-out', 'self.pem');
    expect(await codeOf(readFileSync(`${dir}/self.pem`, 'utf8'))).toBe('malformed_csr');
  });

  it('private_key_detected: every private key form, without echoing it', async () => {
    const { key } = makeOpensslCsr(dir, 'pk', keySpecs['EC P-256']);
    const { key: rsaKey } = makeOpensslCsr(dir, 'pkr', keySpecs['RSA 2048']);
    const forms: (string | Uint8Array)[] = [
      readFileSync(key, 'utf8'),
      openssl(dir, 'pkey', '-in', key, '-outform', 'DER'),
      openssl(dir, 'ec', '-in', key).toString(),
      openssl(dir, 'ec', '-in', key, '-outform', 'DER'),
      openssl(dir, 'rsa', '-in', rsaKey, '-traditional').toString(),
      openssl(dir, 'rsa', '-in', rsaKey, '-traditional', '-outform', 'DER'),
      openssl(dir, 'pkcs8', '-topk8', '-in', key, '-passout', 'pass:secret').toString(),
      openssl(dir, 'pkcs8', '-topk8', '-in', key, '-passout', 'pass:secret', '-outform', 'DER'),
      readFileSync(`${dir}/pk.csr`, 'utf8') + readFileSync(key, 'utf8'),
    ];
    for (const form of forms) {
      const error = await parseCsr(form).catch((e: TrustgateError) => e);
      expect((error as TrustgateError).code).toBe('private_key_detected');
      const body = typeof form === 'string' ? form.replace(/-----[^-]+-----|\s/g, '').slice(0, 32) : Buffer.from(form).toString('base64').slice(0, 32);
      expect((error as Error).message).not.toContain(body);
    }
  });

  it('too_large: over 16 KiB', async () => {
    expect(await codeOf('A'.repeat(17 * 1024))).toBe('too_large');
    expect(await codeOf(randomBytes(17 * 1024))).toBe('too_large');
  });

  it('bad_signature: one flipped bit in the signature', async () => {
    const { der } = makeOpensslCsr(dir, 'sig', keySpecs['EC P-256']);
    const tampered = new Uint8Array(der);
    tampered[tampered.length - 3] ^= 0x01;
    expect(await codeOf(tampered)).toBe('bad_signature');
  });

  // The browser checks with WebCrypto, the server with Node's OpenSSL calls: both must agree on
  // every key and on every damaged signature (a flipped bit in r, in s, and in the signed info).
  for (const [name, genpkey] of Object.entries(keySpecs)) {
    it(`${name}: WebCrypto and Node agree on valid and damaged signatures`, async () => {
      const { der } = makeOpensslCsr(dir, `agree${name.replace(/\W/g, '')}`, genpkey);
      const variants = [der, flip(der, der.length - 3), flip(der, der.length - 40), flip(der, 40)];
      for (const bytes of variants) {
        const outcomes = await Promise.all([webCsrCrypto, nodeCsrCrypto].map((crypto) => parseCsr(bytes, { crypto }).then((p) => p.publicKeySha256, (e: TrustgateError) => e.code)));
        expect(outcomes[0]).toBe(outcomes[1]);
      }
      expect((await parseCsr(der, { crypto: nodeCsrCrypto })).publicKeySha256).toMatch(/^[0-9a-f]{64}$/);
      expect(await parseCsr(flip(der, der.length - 3), { crypto: nodeCsrCrypto }).catch((e: TrustgateError) => e.code)).toMatch(/bad_signature|malformed_csr/);
    });
  }

  it('turns a DER ECDSA signature into r‖s only when it is strict', () => {
    expect(ecdsaSignatureToRaw(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02), 2)).toEqual(Uint8Array.of(0, 1, 0, 2));
    expect(ecdsaSignatureToRaw(Uint8Array.of(0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x02), 2)).toBeNull(); // non-minimal r
    expect(ecdsaSignatureToRaw(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x02), 2)).toBeNull(); // negative r
    expect(ecdsaSignatureToRaw(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02, 0x00), 2)).toBeNull(); // trailing byte
    expect(ecdsaSignatureToRaw(Uint8Array.of(0x30, 0x07, 0x02, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02), 1)).toBeNull(); // r too long
  });

  it('weak_signature_algorithm: SHA-1 and MD5', async () => {
    expect(await codeOf(makeOpensslCsr(dir, 'sha1', keySpecs['EC P-256'], '/CN=acme-corp', ['-sha1']).pem)).toBe('weak_signature_algorithm');
    expect(await codeOf(makeOpensslCsr(dir, 'sha1r', keySpecs['RSA 2048'], '/CN=acme-corp', ['-sha1']).pem)).toBe('weak_signature_algorithm');
  });

  it('unsupported_key: other curves, Ed448, RSA beyond the policy maximum', async () => {
    expect(await codeOf(makeOpensslCsr(dir, 'k1', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1']).pem)).toBe('unsupported_key');
    expect(await codeOf(makeOpensslCsr(dir, 'bp', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:brainpoolP256r1']).pem)).toBe('unsupported_key');
    expect(await codeOf(makeOpensslCsr(dir, 'ed448', ['-algorithm', 'ED448']).pem)).toBe('unsupported_key');
    const rsa3072 = makeOpensslCsr(dir, 'cap', keySpecs['RSA 3072']).pem;
    await expect(parseCsr(rsa3072, { policy: { ecCurves: [], rsaMinBits: 2048, rsaMaxBits: 2048, ed25519: false } })).rejects.toMatchObject({ code: 'unsupported_key' });
  });

  it('weak_key: RSA 1024 and exponent 3', async () => {
    expect(await codeOf(makeOpensslCsr(dir, 'r1024', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024']).pem)).toBe('weak_key');
    expect(await codeOf(makeOpensslCsr(dir, 'e3', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-pkeyopt', 'rsa_keygen_pubexp:3']).pem)).toBe('weak_key');
  });

  it('subject_mismatch: the CN must be the organization ID', async () => {
    const parsed = await parseCsr(makeOpensslCsr(dir, 'cn', keySpecs['EC P-256'], '/O=acme/CN=globex').pem);
    expect(() => checkCsrSubject(parsed, 'acme-corp')).toThrowError(expect.objectContaining({ code: 'subject_mismatch' }));
    expect(() => checkCsrSubject(parsed, 'globex')).not.toThrow();
    const none = await parseCsr(makeOpensslCsr(dir, 'nocn', keySpecs['EC P-256'], '/O=acme').pem);
    expect(() => checkCsrSubject(none, 'acme-corp')).toThrowError(expect.objectContaining({ code: 'subject_mismatch' }));
  });

  it('subject_mismatch: a second CN, whichever comes first and however it is encoded', async () => {
    // Go's pkix.Name.CommonName reads the last CN: CN=acme-corp/CN=globex would name globex there.
    for (const [i, subj] of ['/CN=acme-corp/CN=globex', '/CN=globex/CN=acme-corp', '/CN=acme-corp/CN=acme-corp', '/CN=acme-corp+CN=globex', '/CN=acme-corp/O=x/CN=Zürich'].entries()) {
      const parsed = await parseCsr(makeOpensslCsr(dir, `two-cn-${i}`, keySpecs['EC P-256'], subj, subj.includes('ü') ? ['-utf8'] : []).pem);
      expect(parsed.commonNames.length, subj).toBeGreaterThan(1);
      expect(() => checkCsrSubject(parsed, 'acme-corp'), subj).toThrowError(expect.objectContaining({ code: 'subject_mismatch', message: expect.stringContaining('one CN') }));
    }
  });

  it('subject_mismatch: a control character anywhere in the subject (U+0000 cannot even be stored)', async () => {
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    const withOrg = async (org: string) => {
      const name = new x509.Name([{ '2.5.4.3': [{ utf8String: 'acme-corp' }] }, { '2.5.4.10': [{ utf8String: org }] }]);
      const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
      return parseCsr(csr.toString('pem'));
    };
    for (const org of ['a\u0000b', 'a\u007fb']) {
      const parsed = await withOrg(org);
      expect(() => checkCsrSubject(parsed, 'acme-corp'), JSON.stringify(org)).toThrowError(expect.objectContaining({ code: 'subject_mismatch' }));
    }
    // A newline is printed escaped (RFC 4514 section 2.4): nothing raw reaches storage or pages.
    const newline = await withOrg('a\nb');
    expect(newline.subject).toBe('CN=acme-corp, O=a\\0Ab');
    expect(() => checkCsrSubject(newline, 'acme-corp')).not.toThrow();
  });

  it('accepts RSA-PSS signatures', async () => {
    const pss = makeOpensslCsr(dir, 'pss', keySpecs['RSA 2048'], '/CN=acme-corp', ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32']);
    expect((await parseCsr(pss.pem)).signatureAlgorithm).toBe('RSASSA-PSS');
  });
});

describe('fuzzing the parser in-process', () => {
  it('2,000 mutations only ever raise TrustgateError', async () => {
    const { der } = makeOpensslCsr(dir, 'fz', keySpecs['EC P-256']);
    for (let i = 0; i < 2000; i += 1) {
      const bytes = new Uint8Array(der);
      const mode = i % 4;
      let input: Uint8Array = bytes;
      if (mode === 0) for (let n = 0; n < 1 + (i % 7); n += 1) bytes[(i * 7919 + n * 104729) % bytes.length] ^= 1 << (n % 8);
      if (mode === 1) input = bytes.subarray(0, i % bytes.length);
      if (mode === 2) input = randomBytes(i % 600);
      if (mode === 3) input = new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, ...bytes.subarray(6)]);
      const outcome = await parseCsr(input).then(() => 'ok', (e) => e);
      if (outcome !== 'ok') expect(outcome).toBeInstanceOf(TrustgateError);
    }
  }, 120_000);
});
