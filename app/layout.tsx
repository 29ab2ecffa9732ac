import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Trustgate', template: '%s · Trustgate' },
  description: 'mTLS client certificates, OAuth credentials and signed requests for API clients.',
};

// Every page is rendered for its request, so it carries that response's script nonce
// (lib/http/security-headers.ts): a page prerendered at build time would have none, and its
// scripts would be refused.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
