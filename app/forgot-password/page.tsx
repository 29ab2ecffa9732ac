import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthFrame } from '@/components/shell/auth-frame';
import { ForgotPasswordForm } from '@/components/auth/forgot-password-form';
import { needsSetup } from '@/lib/auth/setup';
import { config } from '@/lib/config';
import { RESET_MINUTES } from '@/lib/orgs/password-reset';
import { pageActor } from '@/app/_server/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Forgot your password?' };

export default async function ForgotPasswordPage() {
  if (await needsSetup()) redirect('/setup');
  // Signed in: the password is changed in Settings, with the current one.
  if (await pageActor()) redirect('/settings');
  return (
    <AuthFrame title="Forgot your password?" subtitle="We e-mail you a link to choose a new one.">
      <ForgotPasswordForm mailConfigured={Boolean(config().SMTP_URL)} minutes={RESET_MINUTES} />
    </AuthFrame>
  );
}
