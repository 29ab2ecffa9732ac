import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthFrame } from '@/components/shell/auth-frame';
import { SignInForm } from '@/components/auth/signin-form';
import { needsSetup } from '@/lib/auth/setup';
import { safeReturnPath } from '@/lib/auth/return-path';
import { pageActor } from '@/app/_server/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await needsSetup()) redirect('/setup');
  const next = safeReturnPath((await searchParams).next);
  // Already signed in: go where the form would have sent you (to switch accounts, sign out first).
  if (await pageActor()) redirect(next ?? '/dashboard');
  return (
    <AuthFrame title="Sign in" subtitle="Certificates, credentials and signed requests for your API clients.">
      <SignInForm next={next} />
      <p className="mt-6 text-center text-sm">
        <Link href="/forgot-password" className="font-medium text-indigo-600 hover:underline">Forgot your password?</Link>
      </p>
    </AuthFrame>
  );
}
