// The environment, parsed once (API.md "Running"). An unusable value stops start-up with one
// line naming the variable; nothing else in the code reads process.env for these.
import { isIP } from 'node:net';
import { z } from 'zod';

/** "10.0.0.0/8, 192.168.1.7, fd00::/8": addresses or CIDRs (the edge builds its BlockList from it). */
const cidrList = z.string().refine(
  (value) =>
    value.split(',').map((s) => s.trim()).filter(Boolean).every((entry) => {
      const [address, bits, extra] = entry.split('/');
      const family = isIP(address);
      if (!family || extra !== undefined) return false;
      return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
    }),
  'must be comma-separated IP addresses or CIDRs',
);

const port = z.coerce.number().int().min(1).max(65535);
const url = z.string().url();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('.data'),
  PUBLIC_URL: url.optional(),
  PORT: port.default(3000),
  MTLS_PORT: port.default(8443),
  MTLS_HOSTNAMES: z.string().default('localhost,127.0.0.1'),
  MTLS_ALLOW_TLS12: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().default('Trustgate <no-reply@trustgate.local>'),
  TRUSTGATE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUSTED_PROXIES: cidrList.default(''),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  CERT_VALIDITY_DAYS: z.coerce.number().int().min(1).max(825).default(365),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  OAUTH_SCOPES: z
    .string()
    .default('payments:read payments:write')
    .refine((v) => v.trim().split(/\s+/).every((s) => /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s)), 'must be space-separated RFC 6749 scope tokens'),
  OAUTH_AUDIENCE: url.optional(),
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(30).max(86_400).default(1800),
  REFRESH_TOKEN_TTL: z.coerce.number().int().min(60).max(31_536_000).default(2_592_000),
  OAUTH_KEY_ROTATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  OAUTH_CLIENT_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  OAUTH_ADDRESS_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(100),
  EXPIRY_REMINDER_DAYS: z
    .string()
    .default('30,14,7,1,0')
    .refine((v) => v.split(',').every((d) => /^\s*\d{1,3}\s*$/.test(d)), 'must be comma-separated whole days before expiry (0 = at expiry)'),
  /** Daily expiry scan, a cron expression in UTC (pg-boss schedule). */
  EXPIRY_SCAN_CRON: z.string().default('0 6 * * *'),
});

export type Config = z.infer<typeof schema> & {
  publicUrl: string;
  secret: string;
  /** The mTLS listener's base URL (first of MTLS_HOSTNAMES). */
  mtlsUrl: string;
  oauthScopes: string[];
  /** The `aud` of access tokens: the sandbox API on the mTLS listener unless OAUTH_AUDIENCE says otherwise. */
  oauthAudience: string;
  /** EXPIRY_REMINDER_DAYS, distinct and most distant first, e.g. [30, 14, 7, 1, 0]. */
  reminderThresholds: number[];
};

export class ConfigError extends Error {}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): z.infer<typeof schema> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`${String(issue.path[0])}: ${issue.message}`);
  }
  return result.data;
}

const globalConfig = globalThis as unknown as { __trustgateConfig?: Config };

/**
 * The resolved configuration. `TRUSTGATE_SECRET` and the embedded database URL are filled in by
 * lib/runtime at start-up (they may come from DATA_DIR), so they are read through here.
 */
export function config(): Config {
  if (!globalConfig.__trustgateConfig) {
    const parsed = parseConfig();
    const secret = parsed.TRUSTGATE_SECRET ?? process.env.TRUSTGATE_RESOLVED_SECRET;
    if (!secret) throw new ConfigError('TRUSTGATE_SECRET: not set and no development secret in DATA_DIR (start the app once)');
    const host = parsed.MTLS_HOSTNAMES.split(',')[0].trim() || 'localhost';
    const mtlsUrl = `https://${host.includes(':') ? `[${host}]` : host}:${parsed.MTLS_PORT}`;
    globalConfig.__trustgateConfig = {
      ...parsed,
      DATABASE_URL: parsed.DATABASE_URL ?? process.env.TRUSTGATE_RESOLVED_DATABASE_URL,
      publicUrl: (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/$/, ''),
      secret,
      mtlsUrl,
      oauthScopes: [...new Set(parsed.OAUTH_SCOPES.trim().split(/\s+/))],
      oauthAudience: parsed.OAUTH_AUDIENCE ?? `${mtlsUrl}/sandbox`,
      reminderThresholds: [...new Set(parsed.EXPIRY_REMINDER_DAYS.split(',').map((d) => Number(d.trim())))].sort((a, b) => b - a),
    };
  }
  return globalConfig.__trustgateConfig;
}

/** Re-reads the environment: start-up calls it once the development secret and embedded database are resolved. */
export function resetConfig(): void {
  globalConfig.__trustgateConfig = undefined;
}
