// The entry of a production worker process (lib/server/cluster forks it): an edge worker or a
// portal worker, by the role in its environment. It imports no Next.js itself: an edge worker
// must never load it (lib/edge/portal-proxy), and worker.test.ts checks that.
import cluster from 'node:cluster';
import { disconnectDb } from '../db/client';
import { serveEdgeWorker, servePortalWorker } from './listeners';
import { handleSignals, isStopping, onStop } from './signals';
import { ROLE_ENV, type Role } from './cluster';

/** Serves this worker's role; tells the primary `ready`, or `fatal` with the reason. */
export async function runWorker(): Promise<void> {
  handleSignals();
  try {
    const role = JSON.parse(process.env[ROLE_ENV] ?? '') as Role;
    const stopServing = role.kind === 'portal' ? await servePortalWorker(role.socket) : await serveEdgeWorker(role.sockets);
    process.send?.({ type: 'ready' });
    onStop(async () => {
      await stopServing();
      await disconnectDb();
    });
  } catch (error) {
    process.send?.({ type: 'fatal', error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

if (cluster.isWorker) {
  runWorker().catch(() => {
    if (!isStopping()) process.exit(1);
  });
}
