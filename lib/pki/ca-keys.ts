// Creating, importing and loading CA material: ECDSA P-384 two-tier CA by default, or an
// existing CA imported as PEM certificate + key or PKCS#12.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { x509 } from './x509';
import { TrustgateError } from '../errors';
import { pemBlocks } from './fingerprints';
import { readPkcs12 } from './pkcs12';
import { randomSerialHex } from './serial';


export type CaMaterial = { certificate: x509.X509Certificate; privateKey: CryptoKey; certPem: string; pkcs8Der: Uint8Array };

const P384 = { name: 'ECDSA', namedCurve: 'P-384' } as const;
const YEAR_MS = 365.25 * 86_400_000;

async function caExtensions(publicKey: CryptoKey, issuerKey: CryptoKey, pathLength: number | undefined, usages: x509.KeyUsageFlags) {
  return [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(usages, true),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuerKey),
  ];
}

async function materialOf(certificate: x509.X509Certificate, keys: CryptoKeyPair): Promise<CaMaterial> {
  return {
    certificate,
    privateKey: keys.privateKey,
    certPem: certificate.toString('pem'),
    pkcs8Der: new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey)),
  };
}

export async function createRootAndIssuing(opts: { name?: string; now?: Date }): Promise<{ root: CaMaterial; issuing: CaMaterial }> {
  const now = opts.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60_000);
  const org = opts.name ? `, O=${opts.name.replace(/[,+="<>#;\\]/g, ' ')}` : '';
  const signingAlgorithm = { name: 'ECDSA', hash: 'SHA-384' };
  const rootKeys = (await globalThis.crypto.subtle.generateKey(P384, true, ['sign', 'verify'])) as CryptoKeyPair;
  const issuingKeys = (await globalThis.crypto.subtle.generateKey(P384, true, ['sign', 'verify'])) as CryptoKeyPair;
  const F = x509.KeyUsageFlags;

  const root = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: `CN=Trustgate Root CA${org}`,
    issuer: `CN=Trustgate Root CA${org}`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + 20 * YEAR_MS),
    publicKey: rootKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm,
    extensions: await caExtensions(rootKeys.publicKey, rootKeys.publicKey, undefined, F.keyCertSign | F.cRLSign),
  });
  const issuing = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: `CN=Trustgate Issuing CA${org}`,
    issuer: root.subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + 10 * YEAR_MS),
    publicKey: issuingKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm,
    extensions: await caExtensions(issuingKeys.publicKey, rootKeys.publicKey, 0, F.keyCertSign | F.cRLSign | F.digitalSignature),
  });
  return { root: await materialOf(root, rootKeys), issuing: await materialOf(issuing, issuingKeys) };
}

/** The WebCrypto algorithm for a CA's key, from its certificate. */
function keyAlgorithm(certificate: x509.X509Certificate): EcKeyImportParams | RsaHashedImportParams {
  const alg = certificate.publicKey.algorithm as EcKeyAlgorithm | RsaHashedKeyAlgorithm;
  if (alg.name === 'ECDSA' || alg.name === 'ECDH') return { name: 'ECDSA', namedCurve: (alg as EcKeyAlgorithm).namedCurve };
  if (alg.name.startsWith('RSA')) return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  throw new TrustgateError('validation_failed', `A CA key of type ${alg.name} is not supported; use ECDSA or RSA.`);
}

export function signingAlgorithmFor(certificate: x509.X509Certificate): Algorithm | EcdsaParams {
  const alg = keyAlgorithm(certificate);
  if (alg.name === 'ECDSA') {
    const curve = (alg as EcKeyImportParams).namedCurve;
    return { name: 'ECDSA', hash: curve === 'P-521' ? 'SHA-512' : curve === 'P-384' ? 'SHA-384' : 'SHA-256' } as EcdsaParams;
  }
  return { name: 'RSASSA-PKCS1-v1_5' };
}

export async function importPrivateKeyPkcs8(pkcs8Der: Uint8Array, certificate: x509.X509Certificate): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('pkcs8', pkcs8Der as BufferSource, keyAlgorithm(certificate), false, ['sign']);
}

const invalid = (message: string) => new TrustgateError('validation_failed', message);

function readKey(pem: string, password?: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase: password });
  } catch {
    throw invalid('The CA private key could not be read (PEM PKCS#8, SEC1 or PKCS#1; give --password if it is encrypted).');
  }
}

async function assemble(certs: x509.X509Certificate[], key: KeyObject) {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const issuing = certs.find((c) => Buffer.from(c.publicKey.rawData).equals(spki));
  if (!issuing) throw invalid('The private key does not belong to any of the certificates given.');
  const bc = issuing.getExtension(x509.BasicConstraintsExtension);
  const ku = issuing.getExtension(x509.KeyUsagesExtension);
  if (!bc?.ca || (ku && !(ku.usages & x509.KeyUsageFlags.keyCertSign))) {
    throw invalid('That certificate is not a CA certificate (basicConstraints CA:TRUE with keyCertSign).');
  }
  const selfSigned = issuing.subject === issuing.issuer;
  const root = selfSigned ? issuing : certs.find((c) => c.subject === issuing.issuer && c !== issuing);
  if (!root) throw invalid(`Include the root certificate (${issuing.issuer}) after the issuing CA certificate.`);
  if (!(await issuing.verify({ publicKey: root.publicKey, signatureOnly: true }))) throw invalid('The issuing CA certificate is not signed by the root given.');
  const pkcs8Der = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  const privateKey = await importPrivateKeyPkcs8(pkcs8Der, issuing);
  return { chain: [issuing, ...(selfSigned ? [] : [root])], root, issuing: { certificate: issuing, privateKey, certPem: issuing.toString('pem'), pkcs8Der } };
}

export async function parseCaImport(input: { certPem?: string; keyPem?: string; pkcs12?: Uint8Array; password?: string }) {
  if (input.pkcs12) {
    const { certificates, keyPkcs8 } = await readPkcs12(input.pkcs12, input.password ?? '');
    const key = createPrivateKey({ key: Buffer.from(keyPkcs8), format: 'der', type: 'pkcs8' });
    return assemble(certificates.map((der) => new x509.X509Certificate(der as Uint8Array<ArrayBuffer>)), key);
  }
  const blocks = pemBlocks(input.certPem ?? '').filter((b) => b.label === 'CERTIFICATE');
  if (!blocks.length) throw invalid('No PEM CERTIFICATE found in the certificate file.');
  let certs: x509.X509Certificate[];
  try {
    certs = blocks.map((b) => new x509.X509Certificate(`-----BEGIN CERTIFICATE-----${b.body}-----END CERTIFICATE-----`));
  } catch {
    throw invalid('A certificate in the certificate file could not be parsed.');
  }
  return assemble(certs, readKey(input.keyPem ?? '', input.password));
}
