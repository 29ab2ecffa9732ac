import { pingDatabase } from '@/lib/db/ping';
import { json } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

export async function GET() {
  return (await pingDatabase()) ? json({ status: 'ok' }) : json({ status: 'unavailable' }, 503);
}
