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

// A URL can carry a secret: the token of an invitation or a password-reset link is the path
// segment after one of these prefixes, and a client may put anything in a query string. Logs
// name the route, never those; next.config.ts keeps these paths out of Next's request log too.
export const LINK_TOKEN_PREFIXES = ['/invite/', '/api/invitations/', '/reset-password/', '/api/password-resets/'] as const;
// The prefixes hold no character special in a regular expression.
const SECRET_SEGMENT = new RegExp(`^(${LINK_TOKEN_PREFIXES.join('|')})[^/]+`);

/** The path of a request URL for a log line: no query, and a link token replaced. */
export const loggablePath = (url: string | undefined): string => (url ?? '').split('?')[0].replace(SECRET_SEGMENT, '$1[token]');
