import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthFrame } from '@/components/shell/auth-frame';
import { SignInForm } from '@/components/auth/signin-form';
import { needsSetup } from '@/lib/auth/setup';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage() {
  if (await needsSetup()) redirect('/setup');
  return (
    <AuthFrame title="Sign in" subtitle="Certificates, credentials and signed requests for your API clients.">
      <SignInForm />
    </AuthFrame>
  );
}
