// OAuth client records cached per process, so a token request needs no lookup query. The cache
// is only used while this process is LISTENing for `oauth_client_changed` (triggers on clients,
// secrets and organizations, see the oauth migration): every change empties every instance's
// cache, and the instance that made the change empties its own before answering. If the
// listening connection drops, the cache is off until it is back.
import pg from 'pg';
import { config } from '../config';
import { pool } from '../db/client';
import { log } from '../log';

export type ClientRecord = {
  id: string;
  clientId: string;
  orgId: string;
  scopes: string[];
  certificateBound: boolean;
  status: string;
  orgActive: boolean;
  lastUsedAt: Date | null;
  secrets: { hash: string; expiresAt: string | null }[];
};

const CLIENT_SQL = `SELECT c.id, c."clientId", c."orgId", c.scopes, c."certificateBound", c.status::text AS status, c."lastUsedAt",
  o.active AS "orgActive",
  coalesce((SELECT json_agg(json_build_object('hash', s.hash, 'expiresAt', s."expiresAt")) FROM "OAuthClientSecret" s
    WHERE s."clientId" = c.id AND (s."expiresAt" IS NULL OR s."expiresAt" > now())), '[]') AS secrets
FROM "OAuthClient" c JOIN "Organization" o ON o.id = c."orgId" WHERE c."clientId" = $1`;

type State = { entries: Map<string, ClientRecord>; listening: boolean; listener?: pg.Client; starting?: boolean; generation: number };
const holder = globalThis as unknown as { __trustgateClientCache?: State };
const state = (): State => (holder.__trustgateClientCache ??= { entries: new Map(), listening: false, generation: 0 });

/** Empties this process's cache (called after our own changes; other instances hear the notification). */
export function invalidateClientCache(): void {
  const s = state();
  s.entries.clear();
  s.generation += 1;
}

async function listen(): Promise<void> {
  const s = state();
  if (s.starting || s.listening) return;
  s.starting = true;
  const client = new pg.Client({ connectionString: config().DATABASE_URL });
  const down = () => {
    if (s.listener !== client) return;
    s.listening = false;
    s.listener = undefined;
    invalidateClientCache();
    setTimeout(() => void listen(), 1000).unref();
  };
  try {
    client.on('notification', () => invalidateClientCache());
    client.on('error', (error) => {
      log.warn('client-cache listener failed; caching off until it reconnects', { error: error.message });
      down();
    });
    client.on('end', down);
    await client.connect();
    await client.query('LISTEN oauth_client_changed');
    s.listener = client;
    invalidateClientCache();
    s.listening = true;
  } catch (error) {
    log.warn('client-cache listener could not start', { error: String(error) });
    await client.end().catch(() => undefined);
    setTimeout(() => void listen(), 1000).unref();
  } finally {
    s.starting = false;
  }
}

/** The cached record, without waiting, when this process is listening for changes and has it. */
export function cachedClient(clientId: string): ClientRecord | undefined {
  const s = state();
  return s.listening ? s.entries.get(clientId) : undefined;
}

/** The client's record, from the cache when this process is listening for changes. */
export async function findClient(clientId: string): Promise<ClientRecord | null> {
  const s = state();
  if (!s.listening) void listen();
  const cached = s.listening ? s.entries.get(clientId) : undefined;
  if (cached) return cached;
  const generation = s.generation;
  const { rows } = await pool().query({ name: 'oauth_client', text: CLIENT_SQL, values: [clientId] });
  const record = (rows[0] as ClientRecord | undefined) ?? null;
  // A change that landed while we were reading must not be hidden by our stale row.
  if (record && s.listening && s.generation === generation) s.entries.set(clientId, record);
  return record;
}

export async function stopClientCache(): Promise<void> {
  const s = state();
  const listener = s.listener;
  s.listener = undefined;
  s.listening = false;
  await listener?.end().catch(() => undefined);
}
