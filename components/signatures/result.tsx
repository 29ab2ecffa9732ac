'use client';

import { CodeBlock } from '../ui/copy';
import { Badge, Card } from '../ui/misc';
import type { DiffLine, Problem, SignatureResult, Verification } from './types';

const TONES = {
  problem: ['Problems', 'border-red-200 bg-red-50 text-red-900', 'bg-red-100'],
  warning: ['Warnings', 'border-amber-200 bg-amber-50 text-amber-900', 'bg-amber-100'],
} as const;

function Problems({ problems, tone = 'problem' }: { problems: Problem[]; tone?: keyof typeof TONES }) {
  if (!problems.length) return null;
  const [label, box, chip] = TONES[tone];
  return (
    <ul className="space-y-2" aria-label={label}>
      {problems.map((p, i) => (
        <li key={i} className={`rounded-md border px-3 py-2 text-sm ${box}`}>
          <code className={`mr-2 rounded px-1.5 py-0.5 font-mono text-xs ${chip}`}>{p.code}</code>
          {p.message}
        </li>
      ))}
    </ul>
  );
}

function Diff({ lines }: { lines: DiffLine[] }) {
  return (
    <div className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed" aria-label="Signature base diff">
      {lines.map((l, i) => (
        <div key={i} className={l.op === 'ours' ? 'bg-emerald-900/60 text-emerald-200' : l.op === 'theirs' ? 'bg-red-900/60 text-red-200' : 'text-slate-300'}>
          <span className="select-none pr-2">{l.op === 'ours' ? '+' : l.op === 'theirs' ? '−' : ' '}</span>
          {l.text}
        </div>
      ))}
      <p className="mt-2 select-none text-slate-400">+ what RFC 9421 gives for this request · − what your code built</p>
    </div>
  );
}

// "a 512-bit shared secret", not "… (the shared secret)": the source in brackets only when it adds something.
const keyNamed = (key: NonNullable<Verification['key']>) =>
  key.description.endsWith(key.source.replace(/^the /, '')) ? key.description : `${key.description} (${key.source})`;

const time = (s: number | null) => (s === null ? '—' : `${new Date(s * 1000).toISOString().replace('.000Z', 'Z')} (${s})`);

function Signature({ sig }: { sig: SignatureResult }) {
  return (
    <Card
      title={<span className="flex items-center gap-2">Signature <code className="font-mono">{sig.label}</code></span>}
      actions={<Badge tone={sig.valid ? 'green' : 'red'}>{sig.valid ? 'valid' : 'not valid'}</Badge>}
    >
      <div className="space-y-4">
        <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Algorithm</dt><dd className="font-mono text-xs">{sig.algorithm ?? '—'}</dd>
          <dt className="text-slate-500">keyid</dt><dd className="break-all font-mono text-xs">{sig.keyid ?? '—'}</dd>
          <dt className="text-slate-500">created</dt><dd className="font-mono text-xs">{time(sig.created)}</dd>
          {sig.expires !== null && (<><dt className="text-slate-500">expires</dt><dd className="font-mono text-xs">{time(sig.expires)}</dd></>)}
          <dt className="text-slate-500">Covers</dt>
          <dd className="flex flex-wrap gap-1">{sig.components.length ? sig.components.map((c) => <code key={c} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{c}</code>) : <span className="text-amber-700">nothing: anyone could replay this signature on another request</span>}</dd>
        </dl>
        <Problems problems={sig.problems} />
        {sig.diff && <Diff lines={sig.diff} />}
        {sig.signatureBase && <CodeBlock label="Signature base (RFC 9421 section 2.5)" code={sig.signatureBase} />}
      </div>
    </Card>
  );
}

export function VerificationResult({ result }: { result: Verification }) {
  const n = result.signatures.length;
  return (
    <div className="space-y-4" aria-live="polite">
      <div role="status" className={`rounded-lg border px-4 py-3 text-sm ${result.valid ? 'border-emerald-300 bg-emerald-50 text-emerald-900' : 'border-red-300 bg-red-50 text-red-900'}`}>
        <p className="font-semibold">{result.valid ? `Valid: ${n === 1 ? 'the signature verifies' : `all ${n} signatures verify`}.` : 'Not valid.'}</p>
        <p className="mt-0.5">
          <span className="font-mono text-xs">{result.target.method} {result.target.uri}</span>
          {result.key ? ` · checked with ${keyNamed(result.key)}` : ' · no key given: structure and content checked, not the cryptography'}
        </p>
        <p className="mt-0.5">
          Content-Digest: {result.contentDigest.present ? (result.contentDigest.valid ? 'present, matches the body' : 'present, does not match the body') : 'absent'}
        </p>
      </div>
      <Problems problems={result.problems} />
      <Problems problems={result.warnings ?? []} tone="warning" />
      {result.jws && (
        <Card title="Detached JWS (x-jws-signature)" actions={<Badge tone={result.jws.valid ? 'green' : 'red'}>{result.jws.valid ? 'valid' : 'not valid'}</Badge>}>
          {result.jws.header && <CodeBlock label="Protected header" code={JSON.stringify(result.jws.header, null, 2)} />}
          {result.jws.problem && <div className="mt-3"><Problems problems={[result.jws.problem]} /></div>}
        </Card>
      )}
      {result.signatures.map((sig) => <Signature key={sig.label} sig={sig} />)}
    </div>
  );
}
