// Traces every statement that lib code sends while `fn` runs, with PostgreSQL's auto_explain:
// the process's pool (lib/db/client) is reopened on connections that load auto_explain and
// send each plan back as a notice (JSON). The code under test is unchanged; only its
// connections are. Used by bench/expiry.ts to show the scan's real plans and where its time goes.
import { resetConfig } from '../../lib/config';
import { disconnectDb, pool } from '../../lib/db/client';

export type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Total Time'?: number;
  'Plan Rows'?: number;
  Plans?: PlanNode[];
};
export type Traced = { ms: number; query: string; plan: PlanNode };

export async function traceStatements<T>(fn: () => Promise<T>, opts: { analyze: boolean }): Promise<{ value: T; statements: Traced[] }> {
  const url = process.env.DATABASE_URL!;
  const flags = [
    'session_preload_libraries=auto_explain', 'auto_explain.log_min_duration=0', 'auto_explain.log_format=json',
    `auto_explain.log_analyze=${opts.analyze ? 'on' : 'off'}`, 'auto_explain.log_nested_statements=off', 'client_min_messages=log',
  ];
  const options = encodeURIComponent(flags.map((f) => `-c ${f}`).join(' '));
  const statements: Traced[] = [];
  await disconnectDb();
  process.env.DATABASE_URL = `${url}${url.includes('?') ? '&' : '?'}options=${options}`;
  resetConfig();
  pool().on('connect', (client) =>
    client.on('notice', (notice) => {
      const m = /^duration: ([\d.]+) ms\s+plan:\s*([\s\S]*)$/.exec(String(notice.message));
      if (!m) return;
      const explained = JSON.parse(m[2]) as { 'Query Text': string; Plan: PlanNode };
      statements.push({ ms: Number(m[1]), query: explained['Query Text'].replace(/\s+/g, ' ').trim(), plan: explained.Plan });
    }),
  );
  try {
    return { value: await fn(), statements };
  } finally {
    await disconnectDb();
    process.env.DATABASE_URL = url;
    resetConfig();
  }
}

export function* planNodes(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* planNodes(child);
}

/** One line per node: type, relation, index, rows (actual or estimated), time. */
export function planLines(node: PlanNode, depth = 0): string[] {
  const on = node['Relation Name'] ? ` on "${node['Relation Name']}"` : '';
  const using = node['Index Name'] ? ` using ${node['Index Name']}` : '';
  const rows = node['Actual Rows'] !== undefined ? `rows=${node['Actual Rows']}` : `est. rows=${node['Plan Rows']}`;
  const time = node['Actual Total Time'] !== undefined ? ` ${node['Actual Total Time'].toFixed(2)} ms` : '';
  return [`${'  '.repeat(depth)}${node['Node Type']}${using}${on} (${rows}${time})`, ...(node.Plans ?? []).flatMap((c) => planLines(c, depth + 1))];
}

/** Total time per statement text (first `width` characters), largest first. */
export function byStatement(statements: Traced[], width = 100) {
  const groups = new Map<string, { ms: number; count: number }>();
  for (const s of statements) {
    const key = s.query.slice(0, width);
    const g = groups.get(key) ?? { ms: 0, count: 0 };
    g.ms += s.ms;
    g.count += 1;
    groups.set(key, g);
  }
  return [...groups.entries()].map(([query, g]) => ({ query, ...g })).sort((a, b) => b.ms - a.ms);
}
