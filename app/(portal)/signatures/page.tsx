import type { Metadata } from 'next';
import { SignatureVerifier } from '@/components/signatures/verifier';
import { PageHeader } from '@/components/ui/misc';
import { requirePageActor } from '@/app/_server/session';

export const metadata: Metadata = { title: 'Signature verifier' };

export default async function SignaturesPage() {
  await requirePageActor();
  return (
    <>
      <PageHeader
        title="Signature verifier"
        description="Paste a request your code signed (RFC 9421 HTTP Message Signatures, optionally a detached JWS) and choose the key. You get the verdict per signature, the signature base we computed, and every problem we can name."
      />
      <SignatureVerifier />
    </>
  );
}
