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
  for (const one of cpuByProcess(matches).values()) {
    sum.userMs += one.userMs;
    sum.systemMs += one.systemMs;
    sum.switches += one.switches;
  }
  return sum;
}

/** `cpuReading` per process id. */
export function cpuByProcess(matches: (commandLine: string) => boolean): Map<string, CpuReading> {
  const out = new Map<string, CpuReading>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!matches(commandLine)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      let switches = 0;
      for (const m of readFileSync(`/proc/${pid}/status`, 'utf8').matchAll(/ctxt_switches:\s+(\d+)/g)) switches += Number(m[1]);
      out.set(pid, { userMs: Number(fields[11]) * TICK_MS, systemMs: Number(fields[12]) * TICK_MS, switches });
    } catch {
      // the process ended between the listing and the read
    }
  }
  return out;
}

/**
 * CPU (user + system, ms) that the matching processes used between two `cpuByProcess` readings.
 * A sum of totals would drop when a process exits in between (an idle database connection
 * closed, taking all its past CPU with it); per process, one that ended only loses its share of
 * the interval.
 */
export function cpuSince(before: Map<string, CpuReading>, matches: (commandLine: string) => boolean): number {
  let ms = 0;
  for (const [pid, now] of cpuByProcess(matches)) {
    const then = before.get(pid);
    ms += now.userMs + now.systemMs - (then ? then.userMs + then.systemMs : 0);
  }
  return ms;
}

/** Milliseconds of CPU (user + system) used so far by the processes whose command line matches. */
export function cpuMs(matches: (commandLine: string) => boolean): number {
  const { userMs, systemMs } = cpuReading(matches);
  return userMs + systemMs;
}

/** PostgreSQL's processes: the embedded server's binary and the backends it forks (`postgres: …`). */
export const isPostgres = (commandLine: string): boolean => commandLine.startsWith('postgres') || commandLine.includes('bin/postgres');

/** Trustgate's own processes: server.ts (the primary, or the whole server in development) and its workers. */
export const isTrustgateServer = (commandLine: string): boolean => /(^|[\s/])server\.ts\b/.test(commandLine) || commandLine.includes('lib/server/worker.ts');
