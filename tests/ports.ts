import { createServer } from 'node:net';

/** A TCP port that was free a moment ago (the kernel's choice). */
export const freePortNumber = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
