import { redirect } from 'next/navigation';

export const dynamic = 'force-dynamic';

// Every role lands on the dashboard; its layout sends the signed-out to /signin (or /setup).
export default function Home() {
  redirect('/dashboard');
}
