import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthFrame } from '@/components/shell/auth-frame';
import { SetPasswordForm } from '@/components/auth/set-password-form';
import { describePasswordReset, RESET_MINUTES } from '@/lib/orgs/password-reset';
import { formatDateTime } from '@/components/format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Choose a new password' };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await describePasswordReset(token).catch(() => null);
  if (!reset) {
    return (
      <AuthFrame title="This reset link is no longer valid" subtitle={`It was used already, replaced by a newer link, or it expired (a link works for ${RESET_MINUTES} minutes).`}>
        <p className="flex justify-between text-sm">
          <Link href="/forgot-password" className="font-medium text-indigo-600 hover:underline">Ask for a new link</Link>
          <Link href="/signin" className="font-medium text-indigo-600 hover:underline">Go to sign-in</Link>
        </p>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame
      title="Choose a new password"
      subtitle={<>For <b>{reset.email}</b>. The link works once, until {formatDateTime(reset.expiresAt.toISOString())}. Setting it signs out every browser signed in to your account; your API tokens stay.</>}
    >
      <SetPasswordForm
        email={reset.email} action={`/api/password-resets/${encodeURIComponent(token)}/complete`} passwordLabel="New password"
        fallbackError="Could not set the new password." submitLabel="Set the new password" next="/" nextIfSignInFails="/signin"
      />
    </AuthFrame>
  );
}
