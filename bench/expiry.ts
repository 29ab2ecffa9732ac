// npm run bench:expiry — the expiry scan and the dashboard at scale: 1,000,000 certificates over
// 1,000 organizations (one, "bench-big", holds 100,000), two members each, bulk-loaded into
// PostgreSQL (bench/lib/expiry-data.ts). Nothing is due after loading; before each scan exactly
// N random certificates expiring in 15–29 days get their 30-day reminder back in the schedule.
//
// Targets (issue): with 10,000 due of 1,000,000 the scan that finds and enqueues the reminders
// finishes in ≤ 5 s, and its cost grows with the number due, not the total. Checked in the same
// run: 0 due costs a few ms (≤ 50 ms); 10k due costs ≈ 10× 1k due (≤ 12×); 1k due is timed with
// 100,000 certificates loaded and again with 1,000,000; the due selection reads an index range,
// not the table (a full pass over the table is timed beside it). Every scan must queue exactly
// due × members reminders, and a second scan right after must queue none.
//
// Two more scans run under auto_explain (not timed): they print the due selection's real plan
// with actual rows, and how a 10k-due scan's time splits over its statements.
//
// Then GET /api/v1/dashboard for an engineer of the 100,000-certificate organization, p95 ≤ 100 ms
// at concurrency 4, beside GET /api/v1/me (authentication and one small query: this machine's
// floor for an API call right now). The operator's dashboard over all 1,000,000 certificates is
// informational, as is the operator's organizations list (GET /api/v1/orgs); both read totals the
// Certificate triggers keep, timed in SQL beside the queries they replaced.
//
// BENCH_CERTS, BENCH_ORGS, BENCH_BIG, BENCH_REPEAT, BENCH_DASH_N and BENCH_OP_DASH_N scale it
// down for a quick try.
import { disconnectDb, pool as pgPool } from '../lib/db/client';
import { resetConfig } from '../lib/config';
import { getDashboard } from '../lib/expiry/dashboard';
import { runExpiryScan, type ScanResult } from '../lib/expiry/scan';
import type { Actor } from '../lib/auth/actor';
import { BIG_ORG, loadCertificates, loadOrganizations, MEMBERS, vacuumAnalyze } from './lib/expiry-data';
import { byStatement, planLines, planNodes, traceStatements, type PlanNode, type Traced } from './lib/pg-trace';
import { median, percentile, pool, startBenchServer } from './lib/server';

const TOTAL = Number(process.env.BENCH_CERTS ?? 1_000_000);
const ORGS = Number(process.env.BENCH_ORGS ?? 1000);
const BIG = Number(process.env.BENCH_BIG ?? 100_000);
const STAGE = TOTAL / 10; // the scaled-down copy scanned before the rest is loaded
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const DASH_N = Number(process.env.BENCH_DASH_N ?? 300);
const OP_DASH_N = Number(process.env.BENCH_OP_DASH_N ?? 40);
const CONCURRENCY = 4;
// Due counts scale with BENCH_CERTS (1,000 and 10,000 at the full 1,000,000).
const SMALL = Math.round(TOTAL / 1000);
const LARGE = 10 * SMALL;
const TARGET = { zeroDueMs: 50, scan10kMs: 5000, ratio10kTo1k: 12, dashP95: 100 };

const since = (t: number) => performance.now() - t;
const fmt = (x: number, d = 1) => x.toFixed(d);
const sql = (text: string, values: unknown[] = []) => pgPool().query(text, values);

async function dueNow(): Promise<number> {
  const { rows } = await sql(`SELECT count(*)::int AS n FROM "ReminderSchedule" WHERE "dueAt" <= now()`);
  return rows[0].n;
}

/**
 * Empties the reminders and the outbox, then makes exactly n certificates due: n random ones of
 * those expiring in 15 to 29 days (whose 30-day reminder went out and whose 14-day one is ahead)
 * get their schedule set back to the 30-day threshold, as if that reminder were still to send.
 * Only the schedule changes, as when time passes; the certificates stay as they are.
 */
async function reset(n: number) {
  await sql('TRUNCATE "ExpiryReminder", "MailMessage"');
  if (n > 0) {
    const { rowCount } = await sql(
      `UPDATE "ReminderSchedule" s SET "dueAt" = p.due
       FROM (SELECT id, "notAfter" - interval '30 days' AS due FROM "Certificate"
             WHERE status = 'active' AND "replacedById" IS NULL
               AND "rotationDueAt" > now() - interval '15 days' AND "rotationDueAt" <= now() - interval '1 day'
             ORDER BY random() LIMIT $1) p
       WHERE s."certificateId" = p.id`,
      [n],
    );
    if (rowCount !== n) throw new Error(`made ${rowCount} due, wanted ${n}`);
  }
  const due = await dueNow();
  if (due !== n) throw new Error(`${due} certificates due before the scan, wanted ${n}`);
}

async function queued() {
  const { rows: [r] } = await sql(`SELECT (SELECT count(*)::int FROM "ExpiryReminder") AS reminders,
    (SELECT count(*)::int FROM "MailMessage" WHERE kind = 'expiry_reminder') AS mails`);
  return r as { reminders: number; mails: number };
}

type ScanRun = { stage: number; due: number; digest: boolean; traced: boolean; ms: number; result: ScanResult; again: ScanResult; errors: string[]; statements: Traced[] };

/** One scan with `due` certificates due (of 1..stage), checked; `trace` runs it under auto_explain (not timed). */
async function scanOnce(stage: number, due: number, opts: { digest?: boolean; trace?: 'analyze' | 'durations' } = {}): Promise<ScanRun> {
  const digest = opts.digest !== false;
  await reset(due);
  const t = performance.now();
  const { value: result, statements } = opts.trace
    ? await traceStatements(() => runExpiryScan({ digest }), { analyze: opts.trace === 'analyze' })
    : { value: await runExpiryScan({ digest }), statements: [] };
  const ms = since(t);
  const after = await queued();
  const again = await runExpiryScan({ digest });
  const afterAgain = await queued();
  const errors: string[] = [];
  const want = due * MEMBERS;
  if (result.certificates !== due) errors.push(`scan saw ${result.certificates} certificates, ${due} due`);
  if (result.sent !== want || after.mails !== want || after.reminders !== want) {
    errors.push(`queued ${result.sent} (outbox ${after.mails}, reminder rows ${after.reminders}), want ${want}`);
  }
  if (again.certificates !== 0 || again.sent !== 0 || afterAgain.mails !== after.mails || afterAgain.reminders !== after.reminders) {
    errors.push(`second scan queued ${again.sent} more (${again.certificates} certificates)`);
  }
  if ((await dueNow()) !== 0) errors.push('certificates still due after the scan');
  const run = { stage, due, digest, traced: Boolean(opts.trace), ms, result, again, errors, statements };
  console.log(
    `  ${String(stage).padStart(8)} certs, ${String(due).padStart(6)} due${digest ? '' : ' (no digest)'}${opts.trace ? ` (traced: ${opts.trace})` : ''}: ${fmt(ms).padStart(8)} ms` +
      `  queued ${String(result.sent).padStart(6)}  digests ${result.digests}  second scan: ${again.sent} queued, ${again.ms} ms` +
      (errors.length ? `  FAIL ${errors.join('; ')}` : ''),
  );
  return run;
}

/**
 * The peers: SELECT count(*) FROM "Certificate" as PostgreSQL plans it (an index-only pass over
 * its smallest index), and the same count forced to read every row of the table (Seq Scan).
 */
async function fullPass() {
  const client = await pgPool().connect();
  try {
    const count: number[] = [];
    const heap: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      let t = performance.now();
      await client.query('SELECT count(*) FROM "Certificate"');
      count.push(since(t));
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off; SET LOCAL enable_bitmapscan = off');
      t = performance.now();
      await client.query('SELECT count(*) FROM "Certificate"');
      heap.push(since(t));
      await client.query('COMMIT');
    }
    const { rows } = await client.query('EXPLAIN SELECT count(*) FROM "Certificate"');
    const plan = rows.map((r) => r['QUERY PLAN'] as string);
    return { countMs: median(count.slice(1)), heapMs: median(heap.slice(1)), countPlan: plan.find((l) => /Scan/.test(l))?.replace(/^[\s>-]+|\s+\(cost.*$/g, '') ?? plan[0] };
  } finally {
    client.release();
  }
}

/** The due selection of a traced scan (the statement with SKIP LOCKED) and what the scan read. */
function dueSelection(run: ScanRun, big: Set<string>) {
  const selection = run.statements.find((st) => /SKIP LOCKED/i.test(st.query));
  const nodes = selection ? [...planNodes(selection.plan)] : [];
  const onBig = (n: PlanNode) => Boolean(n['Relation Name'] && big.has(n['Relation Name']));
  const seqScans = run.statements.flatMap((st) => [...planNodes(st.plan)].filter((n) => n['Node Type'] === 'Seq Scan' && onBig(n)).map((n) => `"${n['Relation Name']}" in ${st.query.slice(0, 60)}…`));
  const widest = run.statements
    .flatMap((st) => [...planNodes(st.plan)].filter(onBig).map((n) => ({ rows: n['Actual Rows'] ?? 0, n, query: st.query })))
    .sort((a, b) => b.rows - a.rows)[0];
  return {
    stage: run.stage,
    found: Boolean(selection),
    query: selection?.query ?? 'NOT FOUND (no statement with SKIP LOCKED)',
    ms: selection?.ms ?? NaN,
    plan: selection ? planLines(selection.plan) : [],
    usesIndex: nodes.some((n) => n['Index Name']),
    rows: Math.max(0, ...nodes.filter(onBig).map((n) => n['Actual Rows'] ?? 0)),
    seqScans,
    widest: widest ? `${widest.rows} (${widest.n['Node Type']}${widest.n['Index Name'] ? ` using ${widest.n['Index Name']}` : ''} on "${widest.n['Relation Name']}", in: ${widest.query.slice(0, 90)}…)` : null,
  };
}

/** The tables with at least a tenth of the certificates' rows: reading one of these whole reads the "total". */
async function bigRelations(): Promise<Set<string>> {
  const { rows } = await sql(`SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples >= $1`, [TOTAL / 10]);
  return new Set(rows.map((r) => r.relname as string));
}

type DashboardBody = { orgId: string | null; certificates: { total: number; rotationDue: number } };

const wrong = new Map<string, { count: number; example: string }>();

/** Times GET path; a response whose body fails `check` is counted (reported as a failure), not thrown. */
function getter(label: string, baseUrl: string, path: string, token: string, check: (body: never) => string | null) {
  return async () => {
    const s = performance.now();
    const r = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
    const body = await r.json();
    const t = since(s);
    if (r.status !== 200) throw new Error(`${path} ${r.status} ${JSON.stringify(body)}`);
    const problem = check(body as never);
    if (problem) {
      wrong.set(label, { count: (wrong.get(label)?.count ?? 0) + 1, example: problem });
    }
    return t;
  };
}

const stats = (times: number[]) => ({ p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), n: times.length });
const line = (s: ReturnType<typeof stats>) => `p50 ${fmt(s.p50).padStart(6)} ms  p95 ${fmt(s.p95).padStart(6)} ms  p99 ${fmt(s.p99).padStart(6)} ms  (${s.n} requests)`;

const server = await startBenchServer();
resetConfig();
const failures: string[] = [];
try {
  const tokens = await loadOrganizations(ORGS);

  // Stage 1: a tenth of the certificates (the same mix), scanned with 0 and SMALL due.
  let t = performance.now();
  await loadCertificates({ from: 1, to: STAGE, total: TOTAL, orgs: ORGS, big: BIG });
  await vacuumAnalyze();
  const stageS = since(t) / 1000;
  console.log(`loaded ${ORGS} organizations, ${ORGS * MEMBERS} members, ${STAGE} certificates in ${fmt(stageS)} s (incl. VACUUM ANALYZE)`);
  console.log(`\nexpiry scan, ${MEMBERS} members per organization:`);
  const runs: ScanRun[] = [];
  for (let round = 0; round < Math.min(REPEAT, 2); round += 1) {
    for (const due of [0, SMALL]) runs.push(await scanOnce(STAGE, due));
  }
  const tracedStage = await scanOnce(STAGE, SMALL, { trace: 'analyze' });
  const bigAtStage = await bigRelations();

  // Stage 2: the rest.
  t = performance.now();
  await loadCertificates({ from: STAGE + 1, to: TOTAL, total: TOTAL, orgs: ORGS, big: BIG });
  const loadS = since(t) / 1000 + stageS;
  t = performance.now();
  const size = await vacuumAnalyze();
  const vacuumS = since(t) / 1000;
  console.log(`loaded ${TOTAL} certificates (${BIG} in ${BIG_ORG}) in ${fmt(loadS)} s in all; VACUUM ANALYZE ${fmt(vacuumS)} s; table ${size.heap}, indexes ${size.indexes}`);

  const full = await fullPass(); // on the freshly vacuumed table: its fastest, the strictest peer
  for (let round = 0; round < REPEAT; round += 1) {
    runs.push(await scanOnce(TOTAL, 0, { digest: false }));
    runs.push(await scanOnce(TOTAL, 0));
    runs.push(await scanOnce(TOTAL, SMALL));
    runs.push(await scanOnce(TOTAL, LARGE));
    runs.push(await scanOnce(TOTAL, SMALL)); // short and noisy: twice per round for a steadier median
  }
  // Two more, traced with auto_explain (not timed): the plans with actual rows at 1k due, and
  // where the time of a 10k-due scan goes, statement by statement.
  const traced1k = await scanOnce(TOTAL, SMALL, { trace: 'analyze' });
  const traced10k = await scanOnce(TOTAL, LARGE, { trace: 'durations' });
  runs.push(tracedStage, traced1k, traced10k);
  const scanErrors = runs.flatMap((r) => r.errors.map((e) => `${r.stage} certs, ${r.due} due: ${e}`));
  failures.push(...scanErrors);
  const times = (stage: number, due: number, digest = true) =>
    runs.filter((r) => r.stage === stage && r.due === due && r.digest === digest && !r.traced).map((r) => r.ms);

  const s0 = median(times(TOTAL, 0)), s0nd = median(times(TOTAL, 0, false)), s1 = median(times(TOTAL, SMALL)), s10 = median(times(TOTAL, LARGE));
  const s1small = median(times(STAGE, SMALL)), s0small = median(times(STAGE, 0));

  // The due selection is the statement that locks with SKIP LOCKED; no statement of the scan
  // may read a table of the size of the total sequentially.
  const sel1 = dueSelection(traced1k, await bigRelations());
  const sel0 = dueSelection(tracedStage, bigAtStage);
  for (const sel of [sel0, sel1]) {
    console.log(`\n  the due selection at ${SMALL} due of ${sel.stage} (auto_explain, actual rows): ${fmt(sel.ms, 2)} ms`);
    console.log(`    ${sel.query.slice(0, 160)}…`);
    for (const l of sel.plan) console.log(`      ${l}`);
    if (sel.widest) console.log(`    most rows any plan node of that whole scan read from a table of ≥ ${TOTAL / 10} rows: ${sel.widest}`);
    console.log(`    sequential scans of such tables in the scan's statements: ${sel.seqScans.length ? sel.seqScans.join('; ') : 'none'}`);
  }
  console.log(`\n  where a ${LARGE}-due scan spends its time (${fmt(traced10k.ms, 0)} ms traced; statement durations from auto_explain):`);
  const groups = byStatement(traced10k.statements, 90);
  const inDb = groups.reduce((a, g) => a + g.ms, 0);
  for (const g of groups.slice(0, 8)) console.log(`    ${fmt(g.ms).padStart(8)} ms  ${String(g.count).padStart(3)}×  ${g.query}…`);
  console.log(`    ${fmt(traced10k.ms - inDb).padStart(8)} ms        outside these statements (Prisma and JS, round trips, BEGIN/COMMIT)`);
  console.log(`\n  full pass (before the scans), SELECT count(*) FROM "Certificate": ${fmt(full.countMs)} ms as planned (${full.countPlan}), ${fmt(full.heapMs)} ms reading every row (Seq Scan)`);

  const rows: [string, string, string, boolean][] = [];
  const check = (name: string, value: string, target: string, ok = true) => {
    rows.push([name, value, target, ok]);
    if (!ok && !name.startsWith('reminders')) failures.push(`${name}: ${value} (target ${target})`);
  };
  const perDue = (ms: number, due: number) => `${fmt((ms / due) * 1000, 0)} µs/due`;
  check('scan, 0 due', `${fmt(s0)} ms (no digest ${fmt(s0nd)} ms)`, `≤ ${TARGET.zeroDueMs} ms`, s0 <= TARGET.zeroDueMs);
  check(`scan, ${SMALL} due`, `${fmt(s1)} ms, ${perDue(s1, SMALL)}`, 'informational');
  check(`scan, ${LARGE} due`, `${fmt(s10)} ms, ${perDue(s10, LARGE)}`, `≤ ${TARGET.scan10kMs} ms`, s10 <= TARGET.scan10kMs);
  check(`scan, ${LARGE} due, slowest round`, `${fmt(Math.max(...times(TOTAL, LARGE)))} ms`, 'informational');
  check(`${LARGE} due / ${SMALL} due`, `${fmt(s10 / s1, 2)}×`, `≤ ${TARGET.ratio10kTo1k}×`, s10 / s1 <= TARGET.ratio10kTo1k);
  check(`${SMALL} due: ${TOTAL / 1000}k / ${STAGE / 1000}k certs`, `${fmt(s1 / s1small, 2)}× (${fmt(s1)} / ${fmt(s1small)} ms; 0 due ${fmt(s0)} / ${fmt(s0small)})`, 'informational, ≈ 1 if flat');
  // At SMALL due (one batch) the selection's nodes may read at most ~the due rows, by an index.
  for (const sel of [sel0, sel1]) {
    // Asserted at the full size; at a tenth of it the planner may rightly prefer one pass over
    // the then small table to SMALL index lookups (random_page_cost 4), so that one is shown only.
    const ok = sel.found && sel.usesIndex && sel.seqScans.length === 0 && sel.rows <= 2 * SMALL;
    const asserted = sel.stage === TOTAL;
    check(`due selection, ${sel.stage / 1000}k certs`, `${ok ? 'due rows only' : 'NO'}: index ${sel.usesIndex ? 'yes' : 'no'}, seq scans ${sel.seqScans.length}, ≤ ${sel.rows} rows/node`, asserted ? `index, no seq scan, ≤ ${2 * SMALL}` : 'informational', asserted ? ok : true);
  }
  check(`${SMALL}-due scan / full pass`, `${fmt(s1 / full.countMs, 2)} × count(*) ${fmt(full.countMs)} ms; ${fmt(s1 / full.heapMs, 2)} × seq ${fmt(full.heapMs)} ms`, 'informational (the scan writes)');
  check('reminders = due × members, once', scanErrors.length ? 'NO' : `yes (${runs.length} scans)`, 'yes', scanErrors.length === 0);

  // Dashboard, after the scans: bench-big's rotation window holds ~4% of its certificates.
  // Blocks of the dashboard and of the floor alternate, so that both see the same noise.
  const dash = getter('dashboard, engineer', server.baseUrl, '/api/v1/dashboard', tokens.engineer, (b: DashboardBody) =>
    b.orgId !== BIG_ORG ? `orgId ${b.orgId}` : b.certificates.total !== BIG ? `total ${b.certificates.total}, want ${BIG}` : null,
  );
  const me = getter('me', server.baseUrl, '/api/v1/me', tokens.engineer, () => null);
  const opDash = getter('dashboard, operator', server.baseUrl, '/api/v1/dashboard', tokens.operator, (b: DashboardBody) =>
    b.orgId !== null ? `orgId ${b.orgId}` : b.certificates.total !== TOTAL ? `total ${b.certificates.total}, want ${TOTAL}` : null,
  );
  await pool(20, 2, dash);
  await pool(20, 2, me);
  const dashTimes: number[] = [];
  const meTimes: number[] = [];
  for (let block = 0; block < 3; block += 1) {
    dashTimes.push(...(await pool(Math.ceil(DASH_N / 3), CONCURRENCY, dash)));
    meTimes.push(...(await pool(Math.ceil(DASH_N / 3), CONCURRENCY, me)));
  }
  await pool(5, 2, opDash);
  const org = stats(dashTimes), floor = stats(meTimes), op = stats(await pool(OP_DASH_N, CONCURRENCY, opDash));
  console.log(`\nGET /api/v1/dashboard, concurrency ${CONCURRENCY}:`);
  console.log(`  engineer, ${BIG_ORG} (${BIG} certificates):  ${line(org)}`);
  console.log(`  floor: GET /api/v1/me, same token:        ${line(floor)}`);
  console.log(`  operator, all ${TOTAL} certificates:    ${line(op)}`);

  // The organizations list, as an operator: its certificate counts are one row per organization
  // (OrganizationCertificateCount). Beside it, in the same run and alone in SQL, what they
  // replaced: the per-day totals summed per organization (stop 30), and count(*) over Certificate
  // (Prisma's _count, before that). The operator's dashboard likewise: all organizations' totals
  // per day and state against the per-organization totals summed.
  const orgList = getter('organizations, operator', server.baseUrl, '/api/v1/orgs', tokens.operator, (b: { items: { certificates: number }[] }) => {
    const sum = b.items.reduce((n, o) => n + o.certificates, 0);
    return sum !== TOTAL ? `certificates ${sum}, want ${TOTAL}` : null;
  });
  await pool(5, 2, orgList);
  const orgs = stats(await pool(OP_DASH_N, CONCURRENCY, orgList));
  const timedSql = async (text: string) => {
    const times: number[] = [];
    for (let i = 0; i < 6; i += 1) { const t0 = performance.now(); await sql(text); times.push(since(t0)); }
    return median(times.slice(1));
  };
  const perRow = await timedSql(`SELECT "orgId", count(*) FROM "Certificate" GROUP BY 1`);
  const perDay = await timedSql(`SELECT "orgId", sum(count) FROM "CertificateExpiryDay" GROUP BY 1`);
  const perOrg = await timedSql(`SELECT "orgId", count FROM "OrganizationCertificateCount"`);
  const { rows: [{ n: dayRows }] } = await sql(`SELECT count(*)::int AS n FROM "CertificateExpiryDay"`);
  const { rows: [{ n: allDayRows }] } = await sql(`SELECT count(*)::int AS n FROM "CertificateDayTotal"`);
  const summedDays = await timedSql(`SELECT day, state, sum(count) FROM "CertificateExpiryDay" GROUP BY 1, 2`);
  const allDays = await timedSql(`SELECT day, state, count FROM "CertificateDayTotal"`);
  // The outbox's figures once its mail has gone out (the bench has no mail server: every reminder
  // the scans queued is marked sent here, after the dashboards were timed): what they read now
  // (the pending and failed messages by index, the kept sent count) against counting every message.
  const { rows: [{ n: mails }] } = await sql(`WITH s AS (UPDATE "MailMessage" SET state = 'sent', "sentAt" = now() WHERE state = 'pending' RETURNING 1) SELECT count(*)::int AS n FROM s`);
  const outboxNow = await timedSql(`SELECT (SELECT count(*) FROM "MailMessage" WHERE state = 'pending'), (SELECT count(*) FROM "MailMessage" WHERE state = 'failed'), (SELECT count FROM "MailSentCount" WHERE id = 1)`);
  const outboxAll = await timedSql(`SELECT state::text, count(*) FROM "MailMessage" GROUP BY state`);
  console.log(`
GET /api/v1/orgs, operator, ${ORGS} organizations, concurrency ${CONCURRENCY}: ${line(orgs)}`);
  console.log(`  certificates per organization in SQL alone, medians of 5: ${fmt(perOrg, 2)} ms from the counts; ${fmt(perDay)} ms from the ${dayRows} day totals; ${fmt(perRow)} ms count(*) over Certificate`);
  console.log(`  the operator's dashboard by day and state in SQL alone, medians of 5: ${fmt(allDays, 2)} ms from the ${allDayRows} totals of all organizations; ${fmt(summedDays)} ms summing the ${dayRows} per organization`);
  console.log(`  the outbox's figures in SQL alone, ${mails} messages marked sent, medians of 5: ${fmt(outboxNow, 2)} ms with the kept sent count; ${fmt(outboxAll)} ms counting every message`);

  for (const [key, w] of wrong) failures.push(`${key}: ${w.count} response(s) with wrong figures, e.g. ${w.example}`);
  // Where one dashboard request spends its time in the database: getDashboard called in this
  // process (same queries as the route), traced; the third of three calls on the traced
  // connections is shown (the first two warm their caches).
  const { rows: [engineer] } = await sql(`SELECT id, email FROM "User" WHERE email = $1`, [`eng@${BIG_ORG}.test`]);
  const actors: [string, Actor][] = [
    ['engineer', { userId: engineer.id, email: engineer.email, role: 'engineer', orgId: BIG_ORG, address: null, via: 'token' }],
    ['operator', { userId: 'bench', email: 'op@bench.test', role: 'operator', orgId: null, address: null, via: 'token' }],
  ];
  for (const [who, actor] of actors) {
    let last = 0;
    const { statements } = await traceStatements(async () => {
      for (let i = 0; i < 2; i += 1) await getDashboard(actor, {});
      const t0 = performance.now();
      await getDashboard(actor, {});
      last = since(t0);
    }, { analyze: false });
    const third = statements.slice((statements.length * 2) / 3);
    console.log(`  one ${who} dashboard in this process, traced: ${fmt(last)} ms; its statements (run in parallel):`);
    for (const st of [...third].sort((a, b) => b.ms - a.ms).slice(0, 6)) console.log(`    ${fmt(st.ms).padStart(8)} ms  ${st.query.slice(0, 110)}…`);
  }
  const pcts = (x: ReturnType<typeof stats>) => `${fmt(x.p95)} ms (p50 ${fmt(x.p50)}, p99 ${fmt(x.p99)})`;
  check(`dashboard p95, ${BIG / 1000}k certificates`, pcts(org), `≤ ${TARGET.dashP95} ms`, org.p95 <= TARGET.dashP95);
  check('floor p95, GET /api/v1/me', pcts(floor), 'informational');
  check('operator dashboard p95', `${pcts(op)}, ${fmt(op.p95 / floor.p95, 2)}× the floor; SQL: days ${fmt(allDays, 2)} vs ${fmt(summedDays)} ms`, 'informational');
  check('outbox figures, SQL', `${fmt(outboxNow, 2)} ms against ${fmt(outboxAll)} ms counting all ${mails} messages`, 'informational');
  check('organizations list p95', `${pcts(orgs)}, ${fmt(orgs.p95 / floor.p95, 2)}× the floor; SQL: counts ${fmt(perOrg, 2)} ms, day totals ${fmt(perDay)} ms, count(*) ${fmt(perRow)} ms`, 'informational');

  console.log(`\nsummary (${TOTAL} certificates loaded in ${fmt(loadS)} s + VACUUM ANALYZE ${fmt(vacuumS)} s; scan times are medians of ${REPEAT} rounds):`);
  for (const [name, value, target, ok] of rows) console.log(`  ${ok ? 'ok  ' : 'MISS'} ${name.padEnd(32)} ${value.padEnd(52)} ${target}`);
  if (failures.length) console.log(`\n${failures.length} target(s) missed:\n  ${failures.join('\n  ')}`);
} catch (error) {
  failures.push(String(error));
  console.error(error);
} finally {
  await disconnectDb();
  await server.stop();
}
process.exit(failures.length ? 1 : 0);
