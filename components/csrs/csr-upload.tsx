'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { apiGet, apiPost } from '../api';
import { formatDate } from '../format';
import type { Certificate, Csr } from '../types';
import { Button } from '../ui/button';
import { ErrorNote, Textarea } from '../ui/field';
import { Card, DefinitionList } from '../ui/misc';
import { useCsrCheck } from './use-csr-check';
import { useAction } from '../ui/use-action';

export function CsrUpload({ orgId, replaces }: { orgId: string; replaces: string | null }) {
  const router = useRouter();
  const [text, setText] = useState('');
  const [dragging, setDragging] = useState(false);
  const { check, run, reset } = useCsrCheck(orgId);
  const old = useQuery({ queryKey: ['certificate', replaces], queryFn: () => apiGet<Certificate>(`/api/v1/certificates/${replaces}`), enabled: Boolean(replaces) });
  const submit = useAction({
    mutationFn: () => apiPost<Csr>('/api/v1/csrs', { csr: check.state === 'ok' ? check.csr.pem : '', ...(replaces ? { replacesCertificateId: replaces } : {}) }),
    onSuccess: (csr) => router.push(`/csrs/${csr.id}?submitted=1`),
  });

  const accept = async (input: string | Uint8Array, shownText: string) => {
    submit.reset();
    await run(input);
    // A refused private key is wiped from the page at once; it is never sent anywhere.
    setText(containsKey(shownText) ? '' : shownText);
  };
  const onFile = async (file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const looksText = bytes[0] !== 0x30;
    await accept(bytes, looksText ? new TextDecoder().decode(bytes) : `(${file.name}: ${bytes.length} bytes of DER)`);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void onFile(file);
  };

  return (
    <div className="space-y-6">
      {replaces && (
        <div className="rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-900">
          Rotation: this CSR will replace certificate{' '}
          {old.data ? <Link className="font-mono font-semibold underline" href={`/certificates/${replaces}`}>{old.data.serialNumber.slice(0, 16)}…</Link> : '…'}
          {old.data && <> (expires {formatDate(old.data.notAfter)})</>}. Both stay valid until the old one expires or is revoked. Use a <b>new</b> key.
        </div>
      )}
      <Card title="Your CSR">
        <div
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={`rounded-lg border-2 border-dashed p-3 transition-colors ${dragging ? 'border-indigo-500 bg-indigo-50' : 'border-slate-300'}`}
        >
          <label htmlFor="csr" className="sr-only">CSR (PEM)</label>
          <Textarea id="csr" rows={9} spellCheck={false} value={text} placeholder={'-----BEGIN CERTIFICATE REQUEST-----\n…\n-----END CERTIFICATE REQUEST-----\n\nPaste it here, or drop a .csr, .pem or .der file.'}
            onChange={(e) => void accept(e.target.value, e.target.value)} />
          <div className="mt-3 flex items-center justify-between gap-3 text-sm text-slate-600">
            <span>Checked in your browser first: nothing is sent until you submit.</span>
            {/* The input is visually hidden, so its label shows the keyboard focus ring for it. */}
            <label className="shrink-0 cursor-pointer whitespace-nowrap rounded-md bg-white px-3 py-1.5 font-medium text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600">
              Choose file…
              <input type="file" accept=".csr,.pem,.der,.req" className="sr-only" onChange={(e) => e.target.files?.[0] && void onFile(e.target.files[0])} />
            </label>
          </div>
        </div>
        <div className="mt-4 space-y-4" aria-live="polite">
          {check.state === 'private_key' && (
            <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
              <p className="font-semibold">That is a private key. It was not sent and has been cleared from this page.</p>
              <p className="mt-1">Treat this key as exposed: delete it, generate a new key pair, and paste only the CSR (<code>-----BEGIN CERTIFICATE REQUEST-----</code>).</p>
            </div>
          )}
          {check.state === 'invalid' && <ErrorNote message={check.message} />}
          {check.state === 'ok' && (
            <div className="rounded-md border border-emerald-200 bg-emerald-50 p-4">
              <p className="mb-3 text-sm font-semibold text-emerald-900">Looks good. Check the details, then submit for approval.</p>
              <DefinitionList items={[
                ['Subject', check.csr.subject],
                ['Key', `${check.csr.keyAlgorithm} (${check.csr.keySize} bits)`],
                ['Signature', check.csr.signatureAlgorithm],
                ['Public key SHA-256', <span key="k" className="font-mono text-xs">{check.csr.publicKeySha256}</span>],
              ]} />
            </div>
          )}
          <ErrorNote message={submit.error?.message} />
          {/* Busy until the CSR's page opens: a click in between would send it again (refused as duplicate_key). */}
          <div className="flex gap-2">
            <Button disabled={check.state !== 'ok' || submit.isSuccess} busy={submit.isPending || submit.isSuccess} onClick={() => submit.mutate()}>Submit for approval</Button>
            {check.state !== 'empty' && <Button variant="ghost" onClick={() => { setText(''); reset(); }}>Clear</Button>}
          </div>
        </div>
      </Card>
    </div>
  );
}

const containsKey = (text: string) => /PRIVATE KEY/.test(text);
