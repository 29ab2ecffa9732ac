// Production's process layout: WEB_CONCURRENCY portal workers (Next.js, each on its own Unix
// socket) and WEB_CONCURRENCY edge workers (PORT and MTLS_PORT, shared through node:cluster).
// The portal workers start first so that the edge has somewhere to send pages from its first
// request, and stop last so that requests the edge is finishing still reach them. A worker
// that dies is replaced.
import cluster from 'node:cluster';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config';
import { log } from '../log';
import { isStopping } from './signals';

/** What a worker process serves, handed to it in its environment (./worker.ts reads it). */
export type Role = { kind: 'portal'; socket: string } | { kind: 'edge'; sockets: string[] };
export const ROLE_ENV = 'TRUSTGATE_WORKER_ROLE';

type Kind = Role['kind'];

// Resolves when `count` workers report ready; a worker that fails or dies first fails the start.
function waitReady(count: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let ready = 0;
    const done = () => {
      cluster.off('message', onMessage);
      cluster.off('exit', onExit);
    };
    const onMessage = (_worker: unknown, message: { type: string; error?: string }) => {
      if (message.type === 'fatal') {
        done();
        reject(new ConfigError(message.error ?? 'a worker could not start'));
      }
      if (message.type === 'ready' && ++ready === count) {
        done();
        resolve();
      }
    };
    const onExit = (_worker: unknown, code: number | null) => {
      done();
      reject(new Error(`a worker process exited during start-up (code ${code})`));
    };
    cluster.on('message', onMessage);
    cluster.on('exit', onExit);
  });
}

/**
 * Starts the workers: `ready` resolves once all serve (and rejects, with every worker stopped,
 * if one cannot start); `stop` stops them, edge first, also while they are still starting.
 */
export function startWorkers(workers: number): { ready: Promise<void>; stop: () => Promise<void> } {
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./worker.ts', import.meta.url)) });
  // A private directory (mode 0700): only this deployment's processes reach the portal sockets.
  const socketDir = mkdtempSync(path.join(tmpdir(), 'trustgate-'));
  const sockets = Array.from({ length: workers }, (_, i) => path.join(socketDir, `portal-${i}.sock`));
  const roles = new Map<number, Role>();
  const fork = (role: Role) => roles.set(cluster.fork({ [ROLE_ENV]: JSON.stringify(role) }).id, role);
  const alive = (kind?: Kind) => Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead() && (!kind || roles.get(w.id)?.kind === kind));
  const stopKind = (kind?: Kind) =>
    Promise.all(alive(kind).map((w) => new Promise((resolve) => { w!.once('exit', resolve); w!.process.kill('SIGTERM'); })));
  const stop = async () => {
    await stopKind('edge');
    await stopKind();
    rmSync(socketDir, { recursive: true, force: true });
  };

  let serving = false;
  cluster.on('exit', (worker, code) => {
    const role = roles.get(worker.id);
    roles.delete(worker.id);
    if (isStopping() || !serving || !role) return;
    log.error('a worker process exited; starting another', { pid: worker.process.pid, role: role.kind, code });
    fork(role);
  });
  const ready = (async () => {
    try {
      const portalReady = waitReady(workers);
      sockets.forEach((socket) => fork({ kind: 'portal', socket }));
      await portalReady;
      const edgeReady = waitReady(workers);
      for (let i = 0; i < workers; i++) fork({ kind: 'edge', sockets });
      await edgeReady;
      serving = true;
    } catch (error) {
      await stop();
      throw error;
    }
  })();
  return { ready, stop };
}
