// @peculiar/x509 with its prerequisites in one place: tsyringe (inside it) needs the Reflect
// metadata polyfill, and it must use the platform's WebCrypto (Node or browser alike).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
