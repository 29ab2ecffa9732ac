'use client';

import type { ReactNode, Ref } from 'react';
import { CodeBlock } from '../ui/copy';
import { Badge, Card } from '../ui/misc';
import type { Trace } from './types';

function Step({ n, title, children, badge }: { n: number; title: string; children: ReactNode; badge?: ReactNode }) {
  return (
    <Card title={<span className="flex items-center gap-2"><span className="grid size-5 place-items-center rounded-full bg-indigo-600 text-xs text-white">{n}</span>{title}</span>} actions={badge}>
      <div className="space-y-3 text-sm">{children}</div>
    </Card>
  );
}

const Facts = ({ rows }: { rows: [string, ReactNode][] }) => (
  <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-1">
    {rows.map(([k, v]) => (<div key={k} className="contents"><dt className="text-slate-500">{k}</dt><dd className="min-w-0 break-words font-mono text-xs">{v ?? '—'}</dd></div>))}
  </dl>
);

/** `headingRef`: the verdict heading, focusable (tabIndex -1) so the console can take the user to the result. */
export function TraceView({ trace, headingRef }: { trace: Trace; headingRef?: Ref<HTMLHeadingElement> }) {
  const ok = trace.verdict === 'passed';
  return (
    <div className="space-y-4">
      <div role="status" className={`rounded-lg border px-4 py-3 text-sm ${ok ? 'border-emerald-300 bg-emerald-50 text-emerald-900' : 'border-red-300 bg-red-50 text-red-900'}`}>
        <h2 ref={headingRef} tabIndex={-1} className="scroll-mt-4 rounded-sm font-semibold focus:outline-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
          {ok ? `Passed: ${trace.response?.status} from the sandbox.` : trace.response ? `Failed: ${trace.response.status} from the sandbox.` : 'Failed before the sandbox call.'}
        </h2>
        {trace.layers && (
          <ul className="mt-2 flex flex-wrap gap-2" aria-label="Layers">
            {trace.layers.map((l) => (
              <li key={l.layer}><Badge tone={l.passed ? 'green' : 'red'}>{l.passed ? '✓' : '✗'} {l.layer}{l.detail ? `: ${l.detail.code}` : ''}</Badge></li>
            ))}
          </ul>
        )}
        {trace.layers?.find((l) => l.detail)?.detail && <p className="mt-2">{trace.layers.find((l) => l.detail)!.detail!.message}</p>}
      </div>

      {trace.tls && (
        <Step n={1} title="TLS handshake (mTLS)" badge={<Badge tone="green">{trace.tls.protocol}</Badge>}>
          <Facts rows={[['Protocol', trace.tls.protocol], ['Cipher', trace.tls.cipher], ['Server', trace.tls.serverCertificate], ['Client certificate', trace.tls.clientCertificate]]} />
        </Step>
      )}
      <Step n={2} title="Token exchange" badge={<Badge tone={trace.token.status === 200 ? 'green' : 'red'}>{trace.token.status} · {trace.token.ms} ms</Badge>}>
        <Facts rows={[['Authentication', trace.token.authMethod], ['Access token', trace.token.accessToken ?? trace.token.error]]} />
        <CodeBlock label="Request" code={trace.token.request} />
        {trace.token.claims && <CodeBlock label="Access-token claims (RFC 9068)" code={JSON.stringify(trace.token.claims, null, 2)} />}
      </Step>
      {trace.signature && (
        <Step n={3} title="Content-Digest and RFC 9421 signature">
          {trace.signature.contentDigest && <CodeBlock label="Content-Digest (RFC 9530)" code={trace.signature.contentDigest} wrap="anywhere" />}
          <CodeBlock label="Signature base" code={trace.signature.base} />
          <CodeBlock label="Signature-Input" code={trace.signature.signatureInput} />
          <CodeBlock label="Signature" code={trace.signature.signature} wrap="anywhere" />
        </Step>
      )}
      {trace.request && (
        <Step n={4} title="Request sent">
          <CodeBlock code={`${trace.request.method} ${trace.request.url}\n${trace.request.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}${trace.request.body ? `\n\n${trace.request.body}` : ''}`} />
        </Step>
      )}
      {trace.response && (
        <Step n={5} title="Response" badge={<Badge tone={trace.response.status < 400 ? 'green' : 'red'}>{trace.response.status} · {trace.response.ms} ms</Badge>}>
          <CodeBlock code={typeof trace.response.body === 'string' ? trace.response.body : JSON.stringify(trace.response.body, null, 2)} />
        </Step>
      )}
      {trace.snippets && (
        <Card title="The same request with your own certificate">
          <div className="space-y-3">
            <p className="text-sm text-slate-600">curl cannot sign: compute the three header values with your code (or run the Node.js program, which signs exactly as the sandbox checks).</p>
            <CodeBlock label="curl" code={trace.snippets.curl} wrap="spaces" />
            <CodeBlock label="Node.js (sign-and-send.mjs)" code={trace.snippets.node} />
          </div>
        </Card>
      )}
    </div>
  );
}
