'use client';

import { Button } from '../ui/button';
import { CodeBlock } from '../ui/copy';

/** A freshly issued secret: shown once, with what to do with it. */
export function SecretOnce({ clientId, secret, tokenEndpoint, note, onDone }: { clientId: string; secret: string; tokenEndpoint: string; note?: string; onDone: () => void }) {
  const curl = `curl -s -u '${clientId}:${secret}' \\\n  -d grant_type=client_credentials \\\n  ${tokenEndpoint}`;
  return (
    <div className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4" role="status">
      <p className="text-sm font-semibold text-amber-900">Copy the secret now: it is shown only this once. Trustgate keeps only a keyed hash of it and cannot show it again.</p>
      {note && <p className="text-sm text-amber-900">{note}</p>}
      <CodeBlock label="Client ID" code={clientId} />
      <CodeBlock label="Client secret" code={secret} />
      <CodeBlock label="Get a token" code={curl} />
      <Button variant="secondary" onClick={onDone}>I have stored the secret</Button>
    </div>
  );
}
