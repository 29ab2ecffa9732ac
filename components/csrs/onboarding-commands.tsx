import { CodeBlock } from '../ui/copy';
import { Card } from '../ui/misc';
import { KeyMatchCommands } from './key-match-commands';

/** `publicUrl`: where this portal is reached (PUBLIC_URL), so the commands work as pasted. */
export function OnboardingCommands({ orgId, publicUrl }: { orgId: string; publicUrl: string }) {
  return (
    <Card title="Make a key and a CSR">
      <ol className="space-y-4 text-sm text-slate-700">
        <li>
          <p className="mb-1.5"><b>1.</b> Generate the private key on your machine. It never leaves it; never upload it.</p>
          <CodeBlock wrap="spaces" code="openssl ecparam -genkey -name secp384r1 -noout -out client-key.pem" />
        </li>
        <li>
          <p className="mb-1.5"><b>2.</b> Create the CSR. The subject must be your organization ID.</p>
          <CodeBlock wrap="spaces" code={`openssl req -new -key client-key.pem -subj "/CN=${orgId}" -out client.csr`} />
        </li>
        <li>
          <p className="mb-1.5"><b>3.</b> After approval, download <code>client-cert.pem</code> from the certificate’s page, and fetch <code>ca.pem</code> (our issuing and root CA):</p>
          <CodeBlock wrap="spaces" code={`curl -fsSo ca.pem ${publicUrl}/pki/ca.pem`} />
        </li>
        <li>
          <p className="mb-1.5"><b>4.</b> Check the certificate chains to our CA: it prints <code>client-cert.pem: OK</code>.</p>
          <CodeBlock wrap="spaces" code="openssl verify -CAfile ca.pem client-cert.pem" />
        </li>
        <li>
          <p className="mb-1.5"><b>5.</b> Prove key and certificate belong together: both print the same SHA-256.</p>
          <KeyMatchCommands />
        </li>
        <li>
          <p className="mb-1.5"><b>6.</b> For tools that want PKCS#12, bundle the three:</p>
          <CodeBlock wrap="spaces" code="openssl pkcs12 -export -inkey client-key.pem -in client-cert.pem -certfile ca.pem -out client.p12" />
        </li>
      </ol>
    </Card>
  );
}
