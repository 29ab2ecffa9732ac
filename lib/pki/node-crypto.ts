// The server's crypto for the CSR policy: Node's synchronous primitives (OpenSSL, as WebCrypto
// uses underneath), without WebCrypto's thread-pool hand-off per call. Server-only; the browser
// runs csr-policy with its WebCrypto default.
import { createHash, KeyObject, verify, webcrypto } from 'node:crypto';
import type { CsrCrypto } from './csr-policy';

export const nodeCsrCrypto: CsrCrypto = {
  sha256Hex: (data) => createHash('sha256').update(data).digest('hex'),
  async verifyEcdsa({ point }, keyAlgorithm, hash, data, signature) {
    // The point imported alone costs ≈ 45 µs against ≈ 110 µs for the whole SPKI through
    // OpenSSL's decoder (bench:issue); OpenSSL checks that the point is on the curve either way.
    const imported = await webcrypto.subtle.importKey('raw', point, { name: 'ECDSA', namedCurve: keyAlgorithm.slice(3) }, true, ['verify']);
    // OpenSSL takes the DER signature as it is, and refuses one that is not strict DER.
    return verify(hash.replace('-', '').toLowerCase(), data, KeyObject.from(imported), signature);
  },
};
