// Scheduled work on pg-boss (PostgreSQL-backed; v10 is the last line that runs on Node 20).
// The expiry scan is a `stately` queue: at most one scan waits and one runs, whatever the number
// of app instances sending it, and pg-boss's cron runs the daily schedule from one instance. The
// scan itself also tolerates a second copy (lib/expiry/scan.ts), so "once" holds twice over.
import PgBoss from 'pg-boss';
import { config } from '../config';
import { log } from '../log';
import { runExpiryScan, type ScanResult } from '../expiry/scan';

export const EXPIRY_SCAN = 'expiry-scan';
const SCHEMA = 'pgboss';

export type Jobs = {
  boss: PgBoss;
  /** Queues an expiry scan (or joins the one already waiting) and resolves with its result. */
  runExpiryScanNow(timeoutMs?: number): Promise<ScanResult>;
  stop(): Promise<void>;
};

async function waitingScan(boss: PgBoss): Promise<string | null> {
  // With the stately policy a send is refused while a scan waits: wait for that one instead.
  const db = (boss as unknown as { getDb(): PgBoss.Db }).getDb();
  const { rows } = await db.executeSql(
    `SELECT id FROM ${SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry', 'active') ORDER BY created_on DESC LIMIT 1`,
    [EXPIRY_SCAN],
  );
  return rows[0]?.id ?? null;
}

export async function startJobs(opts: { work?: boolean; schedule?: boolean; scanAtStart?: boolean } = {}): Promise<Jobs> {
  const cfg = config();
  const boss = new PgBoss({
    connectionString: cfg.DATABASE_URL,
    schema: SCHEMA,
    max: 3,
    application_name: 'trustgate-jobs',
    schedule: opts.schedule !== false,
    supervise: opts.schedule !== false,
  });
  boss.on('error', (error) => {
    // 57P01 admin_shutdown: the database is stopping or restarting (a terminal's Ctrl-C reaches
    // the embedded one directly); pg-boss reconnects by itself.
    if ((error as { code?: string }).code === '57P01') return;
    log.error('job queue error', { error: String(error) });
  });
  await boss.start();
  await boss.createQueue(EXPIRY_SCAN, { name: EXPIRY_SCAN, policy: 'stately', retryLimit: 3, retryDelay: 60, expireInSeconds: 1800 });
  if (opts.schedule !== false) await boss.schedule(EXPIRY_SCAN, cfg.EXPIRY_SCAN_CRON, { reason: 'daily' }, { tz: 'UTC' });
  if (opts.work !== false) {
    await boss.work<{ reason?: string }>(EXPIRY_SCAN, { pollingIntervalSeconds: 1 }, async ([job]) => {
      const result = await runExpiryScan();
      log.info('expiry scan', { reason: job.data?.reason ?? 'requested', ...result });
      return result;
    });
  }
  if (opts.scanAtStart) await boss.send(EXPIRY_SCAN, { reason: 'start' });

  return {
    boss,
    async runExpiryScanNow(timeoutMs = 600_000) {
      const id = (await boss.send(EXPIRY_SCAN, { reason: 'cli' })) ?? (await waitingScan(boss));
      if (!id) throw new Error('could not queue the expiry scan');
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const job = await boss.getJobById<object>(EXPIRY_SCAN, id, { includeArchive: true });
        if (job?.state === 'completed') return job.output as ScanResult;
        if (job?.state === 'failed' || job?.state === 'cancelled') throw new Error(`the expiry scan ${job.state}: ${JSON.stringify(job.output)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('the expiry scan did not finish in time');
    },
    stop: () => boss.stop({ graceful: true, timeout: 10_000, wait: true }),
  };
}
