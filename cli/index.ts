// The operator CLI (API.md "CLI"). Exit 0 on success; 1 with one line on stderr otherwise.
// It runs on the app's database: DATABASE_URL, or the embedded one in DATA_DIR (started for
// the command if the app is not running).
import { ZodError } from 'zod';
import { ConfigError } from '../lib/config';
import { TrustgateError } from '../lib/errors';
import { startRuntime, stopStartedDatabase, type Runtime } from '../lib/runtime';
import { commands, usage } from './commands';

async function main(argv: string[]): Promise<number> {
  const [group, verb, ...rest] = argv;
  const command = commands[`${group} ${verb}`];
  if (!group || group === 'help' || group === '--help') {
    process.stdout.write(usage + '\n');
    return 0;
  }
  if (!command) {
    process.stderr.write(`error: unknown command "${[group, verb].filter(Boolean).join(' ')}"; run \`npm run cli -- help\` for the list\n`);
    return 1;
  }
  let runtime: Runtime | null = null;
  try {
    const args = command.parse(rest);
    const offline = typeof command.offline === 'function' ? command.offline(args as never) : command.offline;
    runtime = offline ? null : await startRuntime();
    const out = await command.run(args as never);
    if (out) process.stdout.write(out.endsWith('\n') ? out : out + '\n');
    return 0;
  } catch (error) {
    // After a signal the failure is the interruption's own doing (the database went away).
    if (!interrupted) process.stderr.write(oneLine(error) + '\n');
    return 1;
  } finally {
    await runtime?.shutdown();
  }
}

function oneLine(error: unknown): string {
  if (error instanceof TrustgateError) return `error: ${error.code}: ${error.message}`;
  if (error instanceof ZodError) return `error: ${error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`;
  if (error instanceof ConfigError) return `error: ${error.message}`;
  const message = (error as Error)?.message ?? String(error);
  return `error: ${message.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? 'failed'}`;
}

// Interrupted (Ctrl-C, a kill), also while starting: stop the embedded database this command
// started, then end with 128 + the signal's number, whatever the command was doing.
let interrupted: Promise<void> | null = null;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.once(signal, () => {
    interrupted ??= stopStartedDatabase().catch(() => undefined).then(() => process.exit(code));
  });
}

const status = await main(process.argv.slice(2));
if (interrupted) await interrupted;
process.exit(status);
