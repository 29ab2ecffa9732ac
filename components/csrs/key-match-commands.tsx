import { CodeBlock } from '../ui/copy';

// The two commands that prove a private key and a certificate belong together (same SHA-256).
export function KeyMatchCommands() {
  return (
    <div className="space-y-2">
      <CodeBlock wrap="spaces" code="openssl pkey -in client-key.pem -pubout -outform DER | openssl dgst -sha256" />
      <CodeBlock wrap="spaces" code="openssl x509 -in client-cert.pem -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256" />
    </div>
  );
}
