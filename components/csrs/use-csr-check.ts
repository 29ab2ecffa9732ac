'use client';

import { useState } from 'react';
import { checkCsrSubject, parseCsr, type ParsedCsr } from '@/lib/pki/csr-policy';
import { containsPrivateKey } from '@/lib/pki/private-key-detect';

export type CsrCheck =
  | { state: 'empty' }
  | { state: 'private_key' }
  | { state: 'invalid'; message: string }
  | { state: 'ok'; csr: ParsedCsr };

/** The same CSR policy the server applies, run in the browser before anything is sent. */
export function useCsrCheck(orgId: string) {
  const [check, setCheck] = useState<CsrCheck>({ state: 'empty' });
  const run = async (input: string | Uint8Array) => {
    if (typeof input === 'string' && !input.trim()) return setCheck({ state: 'empty' });
    if (containsPrivateKey(input)) return setCheck({ state: 'private_key' });
    try {
      const csr = await parseCsr(input);
      checkCsrSubject(csr, orgId);
      setCheck({ state: 'ok', csr });
    } catch (error) {
      setCheck({ state: 'invalid', message: (error as Error).message });
    }
  };
  return { check, run, reset: () => setCheck({ state: 'empty' }) };
}
