// The server's crypto for the CSR policy: Node's synchronous primitives (OpenSSL, as WebCrypto
// uses underneath), without WebCrypto's thread-pool hand-off per call. Server-only; the browser
// runs csr-policy with its WebCrypto default.
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { CsrCrypto } from './csr-policy';

export const nodeCsrCrypto: CsrCrypto = {
  sha256Hex: (data) => createHash('sha256').update(data).digest('hex'),
  // OpenSSL takes the DER signature as it is, and refuses one that is not strict DER.
  verifyEcdsa: (spkiDer, _keyAlgorithm, hash, data, signature) =>
    verify(hash.replace('-', '').toLowerCase(), data, createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' }), signature),
};
