import Link from 'next/link';
import { AuthFrame } from '@/components/shell/auth-frame';

export default function NotFound() {
  return (
    <AuthFrame title="Not found" subtitle="This page does not exist, or it belongs to another organization.">
      <Link href="/" className="text-sm font-medium text-indigo-600 hover:underline">Back to the portal</Link>
    </AuthFrame>
  );
}
