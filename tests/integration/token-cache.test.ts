// The API-token cache (lib/auth/api-tokens, lib/db/notify-cache): a token's user is read once per
// process and kept until a trigger's notification says a token or a user changed. In this test
// process through the lib, and in the server under test over HTTP.
import { describe, expect, it, vi } from 'vitest';
import { findUserByApiToken } from '../../lib/auth/api-tokens';
import { pool } from '../../lib/db/client';
import { cacheListening } from '../../lib/db/notify-cache';
import { api, seedOrg, seedUser } from '../helpers';

/** A change no trigger sees (replica mode fires no ordinary triggers), so nobody is notified. */
async function silently(sql: string, values: unknown[]) {
  const client = await pool().connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(sql, values);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

describe('API-token cache', () => {
  it('answers from memory until a notification arrives, then reads again', async () => {
    const org = await seedOrg('cache');
    const user = await seedUser('engineer', org.id);
    expect(await findUserByApiToken(user.token)).toMatchObject({ email: user.email, role: 'engineer' });
    await vi.waitUntil(cacheListening, { timeout: 5000 });
    await findUserByApiToken(user.token); // cached from here on

    await silently('UPDATE "User" SET "disabledAt" = now() WHERE email = $1', [user.email]);
    // The change reached no cache: the stale answer shows that the lookup was not repeated.
    expect(await findUserByApiToken(user.token)).toMatchObject({ email: user.email });

    await pool().query(`SELECT pg_notify('api_token_changed', 'test')`);
    await vi.waitUntil(async () => (await findUserByApiToken(user.token)) === null, { timeout: 2000, interval: 10 });
  });

  it('the server drops a user it cached as soon as the user is disabled or changes role', async () => {
    const org = await seedOrg('cache');
    const user = await seedUser('engineer', org.id);
    const me = async () => api('/api/v1/me', { token: user.token });
    expect((await me()).body.user).toMatchObject({ role: 'engineer' });
    expect((await me()).status).toBe(200);

    await pool().query(`UPDATE "User" SET role = 'org_admin' WHERE email = $1`, [user.email]);
    await vi.waitUntil(async () => (await me()).body.user?.role === 'org_admin', { timeout: 2000, interval: 10 });

    await pool().query('UPDATE "User" SET "disabledAt" = now() WHERE email = $1', [user.email]);
    await vi.waitUntil(async () => (await me()).status === 401, { timeout: 2000, interval: 10 });
  });

  it('recording last use notifies nobody (it happens on every request a minute apart)', async () => {
    const org = await seedOrg('cache');
    const user = await seedUser('engineer', org.id);
    await findUserByApiToken(user.token);
    await vi.waitUntil(cacheListening, { timeout: 5000 });
    await findUserByApiToken(user.token);
    await pool().query(`UPDATE "ApiToken" SET "lastUsedAt" = now() - interval '1 hour' WHERE "userId" = (SELECT id FROM "User" WHERE email = $1)`, [user.email]);
    await silently('UPDATE "User" SET "disabledAt" = now() WHERE email = $1', [user.email]);
    await new Promise((r) => setTimeout(r, 100));
    // Still cached: the last-use update sent no notification that would have dropped it.
    expect(await findUserByApiToken(user.token)).toMatchObject({ email: user.email });
  });
});
