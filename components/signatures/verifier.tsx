'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet, apiPost } from '../api';
import type { Certificate } from '../types';
import { Button } from '../ui/button';
import { ErrorNote, Field, Input, Select, Textarea } from '../ui/field';
import { Card } from '../ui/misc';
import { example } from './example';
import { VerificationResult } from './result';
import type { Verification } from './types';

type KeySource = 'certificate' | 'publicKey' | 'sharedSecret';
const sources: [KeySource, string][] = [
  ['certificate', 'One of our certificates'],
  ['publicKey', 'A public key (PEM or JWK)'],
  ['sharedSecret', 'A shared secret (HMAC)'],
];

export function SignatureVerifier() {
  const [raw, setRaw] = useState('');
  const [source, setSource] = useState<KeySource>('certificate');
  const [certificateId, setCertificateId] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [sharedSecret, setSharedSecret] = useState('');
  const [theirBase, setTheirBase] = useState('');
  const [asOf, setAsOf] = useState('');
  const [maxAge, setMaxAge] = useState('300');
  const [more, setMore] = useState(false);
  const [certificateError, setCertificateError] = useState<string | null>(null);
  const certificates = useQuery({
    queryKey: ['certificates', 'active-for-verifier'],
    queryFn: () => apiGet<{ items: Certificate[] }>('/api/v1/certificates?status=active&limit=200'),
  });
  const run = useMutation({
    mutationFn: () =>
      apiPost<Verification>('/api/v1/signatures/verify', {
        request: raw,
        ...(source === 'certificate' && certificateId ? { certificateId } : {}),
        ...(source === 'publicKey' && publicKey.trim() ? { publicKey } : {}),
        ...(source === 'sharedSecret' && sharedSecret.trim() ? { sharedSecret: sharedSecret.trim() } : {}),
        ...(theirBase ? { signatureBase: theirBase } : {}),
        ...(asOf ? { now: Number(asOf) } : {}),
        ...(maxAge ? { maxAge: Number(maxAge) } : {}),
      }),
  });
  // Without a certificate the server would check structure only; with "certificate" chosen, that is never what was meant.
  const submit = () => {
    if (source === 'certificate' && !certificateId) {
      setCertificateError(certificates.data?.items.length === 0 ? 'There is no active certificate to check with: choose another key.' : 'Choose the certificate whose key signed the request.');
      document.getElementById('cert')?.focus();
      return;
    }
    run.mutate();
  };
  const loadExample = () => {
    setRaw(example.request);
    setSource('sharedSecret');
    setSharedSecret(example.sharedSecret);
    setAsOf(String(example.now));
    // The example is from 2021: show the "as of" time it is checked at, so it does not surprise later checks.
    setMore(true);
    setCertificateError(null);
    run.reset();
  };

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card title="Request and key" actions={<Button variant="ghost" onClick={loadExample}>Load an example</Button>}>
        <form className="space-y-5" onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <Field label="Signed request" htmlFor="raw" hint="The raw HTTP/1.1 request: request line, header fields (with Signature-Input and Signature), a blank line, the body.">
            <Textarea id="raw" rows={12} spellCheck={false} value={raw} onChange={(e) => setRaw(e.target.value)}
              placeholder={'POST /sandbox/v1/payments HTTP/1.1\nHost: localhost:8443\nContent-Digest: sha-256=:…:\nSignature-Input: sig1=("@method" "@target-uri" "content-digest");created=…;keyid="…"\nSignature: sig1=:…:\n\n{"amount": "10.00"}'} />
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Verify with</legend>
            <div className="mt-2 flex flex-wrap gap-4">
              {sources.map(([value, label]) => (
                <label key={value} className="flex items-center gap-2 text-sm text-slate-700">
                  <input type="radio" name="key-source" value={value} checked={source === value} onChange={() => { setSource(value); setCertificateError(null); }} className="size-4" />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
          {source === 'certificate' && (
            <Field label="Certificate" htmlFor="cert" error={certificateError} hint="keyid must then be this certificate's SHA-256 fingerprint, in hex.">
              <Select id="cert" className="aria-invalid:ring-red-400" value={certificateId} aria-invalid={Boolean(certificateError)} onChange={(e) => { setCertificateId(e.target.value); setCertificateError(null); }} disabled={certificates.isPending}>
                <option value="">{certificates.isPending ? 'Loading…' : certificates.isError ? 'Could not load certificates' : certificates.data?.items.length ? 'Choose a certificate' : 'No active certificates'}</option>
                {certificates.data?.items.map((c) => (
                  <option key={c.id} value={c.id}>{c.subject} · {c.keyAlgorithm} · serial {c.serialNumber.slice(0, 12)}… · expires {c.notAfter.slice(0, 10)}</option>
                ))}
              </Select>
              {certificates.isError && <ErrorNote message={certificates.error.message} onRetry={() => void certificates.refetch()} />}
            </Field>
          )}
          {source === 'publicKey' && (
            <Field label="Public key" htmlFor="pub" hint="SPKI or PKCS#1 PEM, a certificate PEM, or a JWK. Never a private key: it is refused and not kept.">
              <Textarea id="pub" rows={5} spellCheck={false} value={publicKey} onChange={(e) => setPublicKey(e.target.value)} placeholder="-----BEGIN PUBLIC KEY-----" />
            </Field>
          )}
          {source === 'sharedSecret' && (
            <Field label="Shared secret (base64)" htmlFor="secret" hint="Used for this check only; it is not stored.">
              <Input id="secret" type="password" autoComplete="off" value={sharedSecret} onChange={(e) => setSharedSecret(e.target.value)} />
            </Field>
          )}
          <details className="rounded-md border border-slate-200 px-3 py-2" open={more} onToggle={(e) => setMore(e.currentTarget.open)}>
            <summary className="cursor-pointer text-sm font-medium text-slate-800">More: compare with your code's signature base, time of check</summary>
            <div className="mt-3 space-y-4">
              <Field label="The signature base your code built" htmlFor="their-base" hint="We show a line-by-line diff against ours.">
                <Textarea id="their-base" rows={6} spellCheck={false} value={theirBase} onChange={(e) => setTheirBase(e.target.value)} />
              </Field>
              <div className="grid grid-cols-2 gap-4">
                <Field label="Check as of (epoch seconds)" htmlFor="as-of" hint="Empty: now.">
                  <Input id="as-of" inputMode="numeric" value={asOf} onChange={(e) => setAsOf(e.target.value.replace(/\D/g, ''))} />
                </Field>
                <Field label="Maximum age of created (s)" htmlFor="max-age">
                  <Input id="max-age" inputMode="numeric" value={maxAge} onChange={(e) => setMaxAge(e.target.value.replace(/\D/g, ''))} />
                </Field>
              </div>
            </div>
          </details>
          {run.isError && <ErrorNote message={run.error.message} />}
          <Button type="submit" busy={run.isPending} disabled={!raw.trim()}>Verify</Button>
        </form>
      </Card>
      <div>
        {run.data ? (
          <VerificationResult result={run.data} />
        ) : (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-600">
            <p className="font-semibold text-slate-800">The verdict appears here</p>
            <p className="mt-2">Per signature: valid or not, what it covers, the signature base, and each problem: a missing component, a stale <code>created</code>, a DER-encoded ECDSA signature, a wrong RSA-PSS salt length, a Content-Digest that does not match the body…</p>
          </div>
        )}
      </div>
    </div>
  );
}
