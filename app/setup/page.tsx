import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthFrame } from '@/components/shell/auth-frame';
import { SetupForm } from '@/components/auth/setup-form';
import { needsSetup } from '@/lib/auth/setup';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'First-run setup' };

export default async function SetupPage() {
  // Set up already: home, which is the dashboard when signed in and the sign-in page otherwise.
  if (!(await needsSetup())) redirect('/');
  return (
    <AuthFrame title="Welcome to Trustgate" subtitle="Create the first operator. Operators approve certificate requests, manage organizations and read the audit log.">
      <SetupForm />
    </AuthFrame>
  );
}
