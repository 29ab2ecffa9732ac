// Rows cached per process and trusted only while this process LISTENs on their channel: triggers
// NOTIFY the channel on every change (see the migrations), every instance empties its cache on
// the notification, and the instance that made a change empties its own before answering. If
// the listening connection drops, every cache is off until it is back. One connection per
// process listens for all the caches.
import pg from 'pg';
import { config } from '../config';
import { log } from '../log';

type Entries = { entries: Map<string, unknown>; generation: number };
type Listener = { channels: Map<string, Entries>; listening: boolean; client?: pg.Client; starting?: boolean; retry?: NodeJS.Timeout };

// On globalThis, so that Next.js's module copies in one process share one listener.
const holder = globalThis as unknown as { __trustgateNotifyCache?: Listener };
const listener = (): Listener => (holder.__trustgateNotifyCache ??= { channels: new Map(), listening: false });

function clear(entries: Entries): void {
  entries.entries.clear();
  entries.generation += 1;
}

const clearAll = () => listener().channels.forEach(clear);

function retryLater(): void {
  const l = listener();
  clearTimeout(l.retry);
  l.retry = setTimeout(() => void listen(), 1000).unref();
}

async function listen(): Promise<void> {
  const l = listener();
  if (l.starting || l.listening) return;
  l.starting = true;
  const client = new pg.Client({ connectionString: config().DATABASE_URL });
  const down = () => {
    if (l.client !== client) return;
    l.listening = false;
    l.client = undefined;
    clearAll();
    retryLater();
  };
  try {
    client.on('notification', (message) => {
      const entries = l.channels.get(message.channel);
      if (entries) clear(entries);
    });
    client.on('error', (error) => {
      log.warn('cache listener failed; caching off until it reconnects', { error: error.message });
      down();
    });
    client.on('end', down);
    await client.connect();
    const channels = [...l.channels.keys()];
    for (const channel of channels) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    l.client = client;
    // Anything read before now may have missed a change.
    clearAll();
    l.listening = true;
    // A cache made while we connected: listen again with its channel too.
    if (l.channels.size !== channels.length) void restart();
  } catch (error) {
    log.warn('cache listener could not start', { error: String(error) });
    await client.end().catch(() => undefined);
    retryLater();
  } finally {
    l.starting = false;
  }
}

async function restart(): Promise<void> {
  await stopCacheListener();
  void listen();
}

export type NotifyCache<V> = {
  /** The cached value, without waiting, while this process listens for changes. */
  peek(key: string): V | undefined;
  /** The cached value, or `read()` (cached only if no change arrived meanwhile). */
  get(key: string, read: () => Promise<V | null>): Promise<V | null>;
  /** Empties this cache in this process (after our own change; others hear the notification). */
  invalidate(): void;
};

/** A cache that the triggers NOTIFYing `channel` keep true. */
export function notifyCache<V>(channel: string): NotifyCache<V> {
  const l = listener();
  let entries = l.channels.get(channel);
  if (!entries) {
    entries = { entries: new Map(), generation: 0 };
    l.channels.set(channel, entries);
    if (l.listening) void restart();
  }
  const own = entries;
  return {
    peek: (key) => (l.listening ? (own.entries.get(key) as V | undefined) : undefined),
    async get(key, read) {
      if (!l.listening) void listen();
      const cached = l.listening ? (own.entries.get(key) as V | undefined) : undefined;
      if (cached !== undefined) return cached;
      const generation = own.generation;
      const value = await read();
      // A change that landed while we were reading must not be hidden by our stale row.
      if (value !== null && l.listening && own.generation === generation) own.entries.set(key, value);
      return value;
    },
    invalidate: () => clear(own),
  };
}

/** Whether this process's caches are on (it is listening for changes). */
export const cacheListening = (): boolean => listener().listening;

/** Closes the listening connection (at shutdown); the caches are off from here. */
export async function stopCacheListener(): Promise<void> {
  const l = listener();
  const client = l.client;
  clearTimeout(l.retry);
  l.client = undefined;
  l.listening = false;
  clearAll();
  await client?.end().catch(() => undefined);
}
