// Test helpers that make keys, CSRs and files with the real openssl binary.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const workDir = (prefix = 'tg-pki-') => mkdtempSync(path.join(tmpdir(), prefix));

export function openssl(dir: string, ...args: string[]): Buffer {
  return execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

export const keySpecs: Record<string, string[]> = {
  'EC P-256': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  'EC P-384': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  'EC P-521': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'],
  'RSA 2048': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  'RSA 3072': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072'],
  Ed25519: ['-algorithm', 'ED25519'],
};

/** A key and a CSR for `subject`; returns the file paths and the CSR PEM. */
export function makeOpensslCsr(dir: string, name: string, genpkey: string[], subject = '/CN=acme-corp', reqArgs: string[] = []) {
  const key = path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  openssl(dir, 'genpkey', ...genpkey, '-out', key);
  openssl(dir, 'req', '-new', '-key', key, '-subj', subject, '-out', csr, ...reqArgs);
  return { key, csr, pem: readFileSync(csr, 'utf8'), der: new Uint8Array(openssl(dir, 'req', '-in', csr, '-outform', 'DER')) };
}

export const write = (dir: string, name: string, data: string | Uint8Array) => {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
};
