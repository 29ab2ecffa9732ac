// An unusable setting stops start-up with one line naming the variable (API.md "Running").
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseUrl } from '../helpers';

function start(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: { ...process.env, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tg-start-')), ...env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr.trim() };
}

describe('start-up configuration errors', () => {
  it.each([
    [{ PORT: 'eighty' }, /^Cannot start: PORT: /],
    [{ PUBLIC_URL: 'not a url' }, /^Cannot start: PUBLIC_URL: /],
    [{ TRUSTGATE_SECRET: 'short' }, /^Cannot start: TRUSTGATE_SECRET: must be at least 32 characters$/],
    [{ DATABASE_URL: 'mysql://x' }, /^Cannot start: DATABASE_URL: must be a postgresql:\/\/ URL$/],
    [{ DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' }, /^Cannot start: DATABASE_URL: cannot reach the database/],
    [{ TRUSTED_PROXIES: '10.0.0.0/8, proxy.internal' }, /^Cannot start: TRUSTED_PROXIES: must be comma-separated IP addresses or CIDRs$/],
    [{ OAUTH_SCOPES: 'payments:read "bad"' }, /^Cannot start: OAUTH_SCOPES: /],
    [{ ACCESS_TOKEN_TTL: '5' }, /^Cannot start: ACCESS_TOKEN_TTL: /],
  ])('%j → exit 1 with one line', (env, line) => {
    const out = start(env);
    expect(out.code).toBe(1);
    expect(out.stderr.split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(line);
  });

  it('a port in use is named', () => {
    const port = new URL(baseUrl()).port;
    const out = start({ PORT: port, DATABASE_URL: process.env.DATABASE_URL ?? '' });
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(`Cannot start: PORT: ${port} is already in use`);
  });
});
