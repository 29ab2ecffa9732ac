// One-line JSON logs. Callers pass structured fields; secrets and keys are never passed here.
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = order[(process.env.LOG_LEVEL as Level) ?? 'info'] ?? 20;

function write(level: Level, message: string, fields?: Record<string, unknown>) {
  if (order[level] < threshold) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg: message, ...fields });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
}

export const log = {
  debug: (m: string, f?: Record<string, unknown>) => write('debug', m, f),
  info: (m: string, f?: Record<string, unknown>) => write('info', m, f),
  warn: (m: string, f?: Record<string, unknown>) => write('warn', m, f),
  error: (m: string, f?: Record<string, unknown>) => write('error', m, f),
};

// A URL can carry a secret: an invitation link's token is its last path segment, and a client may
// put anything in a query string. Logs name the route, never those.
const SECRET_SEGMENT = /^(\/invite\/|\/api\/invitations\/)[^/]+/;

/** The path of a request URL for a log line: no query, and an invitation token replaced. */
export const loggablePath = (url: string | undefined): string => (url ?? '').split('?')[0].replace(SECRET_SEGMENT, '$1[token]');
