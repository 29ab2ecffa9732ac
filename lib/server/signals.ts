// How every Trustgate process stops: SIGTERM, SIGINT and SIGHUP stop gracefully through the
// process's current stop function. A second signal while that is under way ends the process at
// once; a terminal's Ctrl-C has then reached the embedded PostgreSQL too (same process group),
// which shuts itself down. A worker ignores a second signal: a Ctrl-C, or a service manager
// signalling the whole group, reaches it and then the primary's SIGTERM follows.
import cluster from 'node:cluster';
import { log } from '../log';

let stopProcess: (signal: string) => Promise<void> = async () => undefined;
let stopping = false;

/** What a signal stops from now on (start-up replaces it as it gets further). */
export function onStop(stop: (signal: string) => Promise<void>): void {
  stopProcess = stop;
}

export const isStopping = (): boolean => stopping;

export function handleSignals(): void {
  const once = (signal: NodeJS.Signals) => {
    if (stopping && cluster.isWorker) return;
    if (stopping) {
      log.warn('stopping now', { signal });
      process.exit(1);
    }
    stopping = true;
    void stopProcess(signal).then(() => process.exit(0), (error) => {
      log.error('stopping failed', { error: String(error) });
      process.exit(1);
    });
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => once(signal));
}
