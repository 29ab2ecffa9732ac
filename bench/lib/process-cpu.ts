// CPU time used by processes, read from /proc (Linux): a benchmark divides it by the requests
// served. Unlike requests per second it does not move when a shared machine lends the CPU
// elsewhere, so it shows efficiency where throughput is noisy.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export type CpuReading = { userMs: number; systemMs: number; switches: number };

/**
 * CPU used so far by the processes whose command line matches: user and system (kernel) time in
 * ms, and context switches (voluntary and not), which on a 2-core machine shared by the server,
 * PostgreSQL and the load generator cost system time of their own.
 */
export function cpuReading(matches: (commandLine: string) => boolean): CpuReading {
  const sum = { userMs: 0, systemMs: 0, switches: 0 };
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!matches(commandLine)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      sum.userMs += Number(fields[11]) * TICK_MS;
      sum.systemMs += Number(fields[12]) * TICK_MS;
      for (const m of readFileSync(`/proc/${pid}/status`, 'utf8').matchAll(/ctxt_switches:\s+(\d+)/g)) sum.switches += Number(m[1]);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return sum;
}

/** Milliseconds of CPU (user + system) used so far by the processes whose command line matches. */
export function cpuMs(matches: (commandLine: string) => boolean): number {
  const { userMs, systemMs } = cpuReading(matches);
  return userMs + systemMs;
}

/** Trustgate's own processes: server.ts (the primary, or the whole server in development) and its workers. */
export const isTrustgateServer = (commandLine: string): boolean => commandLine.includes('server.ts') || commandLine.includes('lib/server/worker.ts');
