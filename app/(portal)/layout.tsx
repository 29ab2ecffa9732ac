import type { ReactNode } from 'react';
import { ShellLayout } from '@/app/_server/shell-layout';

export const dynamic = 'force-dynamic';

export default function PortalLayout({ children }: { children: ReactNode }) {
  return <ShellLayout>{children}</ShellLayout>;
}
