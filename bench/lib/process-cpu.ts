// CPU time used by processes, read from /proc (Linux): a benchmark divides it by the requests
// served. Unlike requests per second it does not move when a shared machine lends the CPU
// elsewhere, so it shows efficiency where throughput is noisy.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** Milliseconds of CPU (user + system) used so far by the processes whose command line matches. */
export function cpuMs(matches: (commandLine: string) => boolean): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!matches(commandLine)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      // the process ended between the listing and the read
    }
  }
  return total;
}

/** Trustgate's own processes: server.ts (the primary, or the whole server in development) and its workers. */
export const isTrustgateServer = (commandLine: string): boolean => commandLine.includes('server.ts') || commandLine.includes('lib/server/worker.ts');
