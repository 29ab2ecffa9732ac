// PKCS#12 (RFC 7292) reading through pkijs: the certificates and the one private key of a file.
import * as pkijs from 'pkijs';
import { TrustgateError } from '../errors';

const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';

type ShroudedBag = { parseInternalValues(p: { password: ArrayBuffer }): Promise<void>; parsedValue?: pkijs.PrivateKeyInfo };

pkijs.setEngine('trustgate', new pkijs.CryptoEngine({ name: 'trustgate', crypto: globalThis.crypto }));

export async function readPkcs12(der: Uint8Array, password: string): Promise<{ certificates: Uint8Array[]; keyPkcs8: Uint8Array }> {
  const pass = new TextEncoder().encode(password).buffer as ArrayBuffer;
  try {
    const pfx = pkijs.PFX.fromBER(der.slice().buffer as ArrayBuffer);
    await pfx.parseInternalValues({ password: pass, checkIntegrity: true });
    const safe = pfx.parsedValue!.authenticatedSafe!;
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pass })) });
    const certificates: Uint8Array[] = [];
    let keyPkcs8: Uint8Array | null = null;
    for (const contents of safe.parsedValue!.safeContents) {
      for (const bag of contents.value.safeBags) {
        if (bag.bagId === CERT_BAG) {
          certificates.push(new Uint8Array((bag.bagValue as pkijs.CertBag).parsedValue.toSchema().toBER()));
        } else if (bag.bagId === SHROUDED_KEY_BAG) {
          // pkijs declares this protected, yet it is the documented way to decrypt the bag.
          const shrouded = bag.bagValue as unknown as ShroudedBag;
          await shrouded.parseInternalValues({ password: pass });
          keyPkcs8 = new Uint8Array(shrouded.parsedValue!.toSchema().toBER());
        } else if (bag.bagId === KEY_BAG) {
          keyPkcs8 = new Uint8Array((bag.bagValue as pkijs.PrivateKeyInfo).toSchema().toBER());
        }
      }
    }
    if (!keyPkcs8 || !certificates.length) throw new Error('missing key or certificate');
    return { certificates, keyPkcs8 };
  } catch {
    throw new TrustgateError('validation_failed',
      'The PKCS#12 file could not be opened: wrong password, no key or certificate in it, or a legacy cipher (re-export it with OpenSSL 3: openssl pkcs12 -export, which uses AES-256).');
  }
}
