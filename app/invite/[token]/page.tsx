import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthFrame } from '@/components/shell/auth-frame';
import { SetPasswordForm } from '@/components/auth/set-password-form';
import { describeInvitation } from '@/lib/orgs/invitations';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Accept invitation' };

const roleNames = { engineer: 'an engineer', org_admin: 'an organization admin', operator: 'an operator' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await describeInvitation(token).catch(() => null);
  if (!invitation) {
    return (
      <AuthFrame title="This invitation is no longer valid" subtitle="It was used already, replaced by a newer invitation, or it expired. Ask your administrator for a new link.">
        <Link href="/signin" className="text-sm font-medium text-indigo-600 hover:underline">Go to sign-in</Link>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame
      title={`Join ${invitation.org.name}`}
      subtitle={<>You were invited as {roleNames[invitation.role]} of <b>{invitation.org.name}</b> (<code>{invitation.org.id}</code>). Choose a password for <b>{invitation.email}</b>.</>}
    >
      <SetPasswordForm
        email={invitation.email} action={`/api/invitations/${encodeURIComponent(token)}/accept`}
        fallbackError="Could not accept the invitation." submitLabel="Create my account" next="/csrs/new"
      />
    </AuthFrame>
  );
}
