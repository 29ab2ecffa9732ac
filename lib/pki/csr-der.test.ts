// The strict DER reader (./csr-der.ts) against two independent readers of the same requests:
// the ASN.1 object model it replaced (@peculiar/asn1-schema: parse, then re-encode and compare)
// and Python's `cryptography` (rust-asn1, strict DER). Over thousands of damaged requests ours
// never accepts what the model refuses, reads the same fields when both accept, and whatever it
// refuses that the model took, `cryptography` refuses too.
import { execFileSync } from 'node:child_process';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { beforeAll, describe, expect, it } from 'vitest';
import { CsrDerError, readCsrDer, readNameDer } from './csr-der';
import { readSubject } from './csr-policy';
import { x509 } from './x509';
import { keySpecs, makeOpensslCsr, workDir } from './testing/openssl';

const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b as Uint8Array).toString('hex');
type Outcome = 'refused' | 'trailing' | string;

/** The reader this replaced: the ASN.1 model, strict by re-encoding (trailing when shorter). */
function modelRead(der: Uint8Array): Outcome {
  let csr: CertificationRequest;
  let again: Uint8Array;
  try {
    csr = AsnConvert.parse(der, CertificationRequest);
    again = new Uint8Array(AsnConvert.serialize(csr));
  } catch {
    return 'refused';
  }
  if (again.length !== der.length || again.some((b, i) => b !== der[i])) return again.length < der.length ? 'trailing' : 'refused';
  const info = csr.certificationRequestInfo;
  const subject = new x509.Name(info.subject).toString();
  return JSON.stringify({
    subject, commonNames: new x509.Name(subject).getField('CN'),
    key: info.subjectPKInfo.algorithm.algorithm, keyBits: hex(info.subjectPKInfo.subjectPublicKey),
    signatureAlgorithm: csr.signatureAlgorithm.algorithm, signature: hex(csr.signature),
  });
}

function ourRead(der: Uint8Array): Outcome {
  try {
    const csr = readCsrDer(der);
    const { subject, commonNames } = readSubject(csr);
    return JSON.stringify({
      subject, commonNames, key: csr.keyAlgorithm, keyBits: hex(csr.publicKey), signatureAlgorithm: csr.signatureAlgorithm, signature: hex(csr.signature),
    });
  } catch (error) {
    return error instanceof CsrDerError && error.trailing ? 'trailing' : 'refused';
  }
}

/** Python's cryptography on each request: 'ok' or why it refused (subject, key, attributes, extensions). */
function cryptographyReads(inputs: Uint8Array[]): string[] {
  const script = [
    'import sys', 'from cryptography import x509',
    'for line in sys.stdin:',
    '    try:',
    '        c = x509.load_der_x509_csr(bytes.fromhex(line.strip())); c.subject; c.public_key(); list(c.attributes); c.extensions; print("ok")',
    '    except Exception as e: print(type(e).__name__)',
  ].join('\n');
  return execFileSync('python3', ['-c', script], { input: inputs.map(hex).join('\n') + '\n' }).toString().trim().split('\n');
}

// A seeded generator: the same mutations on every run.
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Start of every TLV, and the TLVs enclosing each, by walking the (valid) request. */
function tlvStarts(der: Uint8Array) {
  const starts: Array<{ at: number; parents: number[] }> = [];
  const walk = (from: number, to: number, parents: number[]) => {
    for (let at = from; at < to; ) {
      let length = der[at + 1];
      let content = at + 2;
      if (length & 0x80) {
        const n = length & 0x7f;
        length = 0;
        for (let k = 0; k < n; k += 1) length = length * 256 + der[content + k];
        content += n;
      }
      starts.push({ at, parents });
      if (der[at] & 0x20) walk(content, content + length, [...parents, at]);
      at = content + length;
    }
  };
  walk(0, der.length, []);
  return starts;
}

/** The request with one TLV's length written one octet longer than it must be; parents adjusted. */
function longerLength(der: Uint8Array, at: number, parents: number[]): Uint8Array | null {
  const out = Array.from(der);
  const short = !(der[at + 1] & 0x80);
  out.splice(at + 1, 1, ...(short ? [0x81, der[at + 1]] : [0x82, 0x00]));
  if (!short && der[at + 1] !== 0x81) return null;
  for (const p of [...parents].reverse()) {
    if (out[p + 1] & 0x80) {
      const n = out[p + 1] & 0x7f;
      let length = 0;
      for (let k = 0; k < n; k += 1) length = length * 256 + out[p + 2 + k];
      length += 1;
      if (length >= 256 ** n) return null;
      for (let k = n - 1; k >= 0; k -= 1, length = Math.floor(length / 256)) out[p + 2 + k] = length & 0xff;
    } else if (out[p + 1] === 0x7f) return null;
    else out[p + 1] += 1;
  }
  return new Uint8Array(out);
}

function mutate(der: Uint8Array, random: () => number): Uint8Array | null {
  const bytes = new Uint8Array(der);
  const pick = (n: number) => Math.floor(random() * n);
  const starts = tlvStarts(der);
  const r = random();
  if (r < 0.3) {
    for (let k = 0; k <= pick(3); k += 1) bytes[pick(bytes.length)] ^= 1 << pick(8);
    return bytes;
  }
  if (r < 0.4) {
    bytes[pick(bytes.length)] = pick(256);
    return bytes;
  }
  if (r < 0.47) return bytes.subarray(0, pick(bytes.length));
  if (r < 0.52) return Uint8Array.from([...bytes, ...Array.from({ length: 1 + pick(4) }, () => pick(256))]);
  if (r < 0.62) {
    const at = pick(bytes.length);
    return random() < 0.5 ? Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1)]) : Uint8Array.from([...bytes.subarray(0, at), pick(256), ...bytes.subarray(at)]);
  }
  const { at, parents } = starts[pick(starts.length)];
  if (r < 0.85) return longerLength(der, at, parents);
  const tags = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x16, 0x1c, 0x1e, 0x23, 0x24, 0x2c, 0x30, 0x31, 0x10, 0x80, 0xa0];
  bytes[at] = tags[pick(tags.length)];
  return bytes;
}

let requests: Uint8Array[];
beforeAll(() => {
  const dir = workDir();
  const subjects = [
    '/CN=acme-corp', '/CN=acme-corp/O=Acme, Inc./C=US', '/C=DE/O=Ünïcödé GmbH/CN=acme-corp', '/CN=a+OU=b/CN=acme-corp',
    '/emailAddress=x@y.z/CN=acme-corp', '/DC=com/DC=acme/CN=acme-corp', '/CN= leading space', '/CN=#hash', '/serialNumber=123/CN=acme-corp',
  ];
  requests = subjects.map((subject, i) => makeOpensslCsr(dir, `s${i}`, keySpecs['EC P-384'], subject).der);
  requests.push(makeOpensslCsr(dir, 'ext', keySpecs['EC P-256'], '/CN=acme-corp', ['-addext', 'subjectAltName=DNS:a.example,IP:10.0.0.1', '-addext', 'basicConstraints=critical,CA:FALSE']).der);
  requests.push(makeOpensslCsr(dir, 'rsa', keySpecs['RSA 2048']).der);
  requests.push(makeOpensslCsr(dir, 'ed', keySpecs.Ed25519).der);
});

describe('readCsrDer', () => {
  it('reads requests made by openssl exactly as the ASN.1 model does', () => {
    for (const der of requests) {
      const ours = ourRead(der);
      expect(ours).not.toMatch(/^(refused|trailing)$/);
      expect(ours).toBe(modelRead(der));
    }
    expect(cryptographyReads(requests).every((r) => r === 'ok')).toBe(true);
  });

  it('12,000 damaged requests: never accepts what the model refuses; what only we refuse, cryptography refuses', () => {
    const random = prng(9421);
    const stricter: Uint8Array[] = [];
    const tally = { same: 0, stricter: 0, accepted: 0 };
    for (const der of requests) {
      for (let i = 0; i < 1000; i += 1) {
        const input = mutate(der, random);
        if (!input) continue;
        const ours = ourRead(input);
        const model = modelRead(input);
        if (ours === model || (ours === 'refused' && model === 'trailing')) tally.same += 1;
        else {
          // Accepting means the model accepted too, with the same fields.
          expect(ours, hex(input)).toBe('refused');
          stricter.push(input);
        }
        if (!/^(refused|trailing)$/.test(ours)) tally.accepted += 1;
      }
    }
    tally.stricter = stricter.length;
    const verdicts = cryptographyReads(stricter);
    stricter.forEach((input, i) => expect(verdicts[i], hex(input)).not.toBe('ok'));
    // The corpus exercises each side: accepted mutations (key and signature bits), and DER the model let through.
    expect(tally.accepted).toBeGreaterThan(1000);
    expect(tally.stricter).toBeGreaterThan(100);
  }, 60_000);

  const base = () => requests[9]; // EC P-256 with an extension request
  const refused = (bytes: number[] | Uint8Array) => expect(() => readCsrDer(Uint8Array.from(bytes))).toThrow(CsrDerError);
  const replace = (der: Uint8Array, from: string, to: string) => {
    const at = hex(der).indexOf(from);
    expect(at % 2).toBe(0);
    return Buffer.from(hex(der).replace(from, to), 'hex');
  };

  it('refuses each kind of non-DER, and names trailing bytes', () => {
    const der = base();
    expect(() => readCsrDer(Uint8Array.from([...der, 0]))).toThrow(expect.objectContaining({ trailing: true }));
    refused([0x30, 0x80, ...der.subarray(2), 0, 0]); // indefinite length
    const subject = tlvStarts(der).find(({ at }) => der[at] === 0x0c)!; // the CN's UTF8String, deep in the subject
    refused(longerLength(der, subject.at, subject.parents)!); // a length in long form where the short form fits
    refused(replace(der, '020100', '020101')); // version 1
    refused(replace(der, '0101ff', '010101')); // BOOLEAN TRUE as 0x01 (BER, not DER)
    refused(replace(der, '0603551d13', '0603551d93')); // an OID whose last sub-identifier never ends
    refused(replace(der, '3d030107', '3d038007')); // a sub-identifier with a leading 0x80 (not minimal)
    refused(replace(der, '03420004', '03420104')); // the key's BIT STRING with an unused bit
    refused(replace(der, '0c0961636d652d636f7270', '2c0961636d652d636f7270')); // a constructed UTF8String
    // Damaged inside and followed by a byte: damaged, not "trailing", as the model says too. The
    // fuzz test above found this one in CI: a byte inserted into the signature algorithm's OID,
    // the outer length left as it was, so the outer SEQUENCE ends a byte early around five
    // children instead of three.
    const damaged = Buffer.from(
      '3082010830818f0201003010310e300c06035504030c0523686173683076301006072a8648ce3d020106052b8104002203620004b77cdddf4314cb' +
      '59948f34c5740bce39bffc8991febc587720bc0fc3ee58c7000fdc67e44dc82a710e52fa760c96bc48450457bd45ea6a16903d4bc83c0113d7bd18' +
      'bbba1f581abc366172c165155265c57ba285c68a6fcdc6d71533d348b5f0a000300a06082a9b8648ce3d0403020368003065023100c55fa67f0f9d' +
      '42681d1bc27c076858a66ab09c1bef49b18f2c867d0e04b54bac6d2b67d948702d2e51ddbc63708d84d302300f8d67d63b9a2c176990620de7a5' +
      '76510bd9036b2d1619c5200b33368a2b6fce7ec3596bf7ba62d5b30a3579fb3020b5',
      'hex',
    );
    expect(modelRead(damaged)).toBe('refused');
    expect(ourRead(damaged)).toBe('refused');
  });

  it('accepts the canonical forms those refusals were made from', () => {
    expect(() => readCsrDer(base())).not.toThrow();
    expect(readCsrDer(base()).keyParameters && hex(readCsrDer(base()).keyParameters!)).toBe('06082a8648ce3d030107');
  });
});

describe('readSubject', () => {
  it('prints 2,000 random subjects as @peculiar/x509 does, on the fast path and off it', () => {
    const random = prng(5280);
    const pick = <T>(list: T[] | string) => list[Math.floor(random() * list.length)];
    const alphabet = 'abcXYZ019 ._@:/-,+"\\=<>;#ü';
    const types = ['CN', 'O', 'OU', 'C', 'L', 'ST', 'E', 'DC', '2.5.4.5'];
    let fast = 0;
    for (let i = 0; i < 2000; i += 1) {
      const plain = random() < 0.5;
      const rdns = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const value = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick(plain ? 'abcXYZ019._@:/-' : alphabet)).join('');
        // The value as UTF8String, PrintableString or IA5String, the three tags the fast path takes.
        const kind = /^[\x20-\x7e]*$/.test(value) ? pick(['utf8String', 'printableString', 'ia5String']) : 'utf8String';
        return { [pick(types.slice(0, plain ? 6 : types.length)) as string]: [{ [kind]: value }] };
      });
      const name = new x509.Name(rdns);
      const der = new Uint8Array(name.toArrayBuffer());
      const ours = readSubject({ subject: der, rdns: readNameDer(der) });
      expect(ours.subject).toBe(name.toString());
      expect(ours.commonNames).toEqual(name.getField('CN'));
      if (plain) fast += 1; // every plain subject qualifies for the fast path; the rest take the ASN.1 model
    }
    expect(fast).toBeGreaterThan(800);
    expect(fast).toBeLessThan(1200);
  });
});
