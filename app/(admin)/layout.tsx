import type { ReactNode } from 'react';
import { ShellLayout } from '@/app/_server/shell-layout';

export const dynamic = 'force-dynamic';

export default function AdminLayout({ children }: { children: ReactNode }) {
  return <ShellLayout roles={['operator']}>{children}</ShellLayout>;
}
