// An error from the database arrives wrapped: pg's error, inside @prisma/adapter-pg's
// DriverAdapterError (in `cause`), inside Prisma's known-request error (in
// `meta.driverAdapterError`), or in an Error of our own (`cause`). Classifiers look at each layer.

export type ErrorLayer = { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };

/** Whether `test` holds for the error or for one it wraps (at most 5 layers: causes can cycle). */
export function someInErrorChain(error: unknown, test: (layer: ErrorLayer) => boolean, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const layer = error as ErrorLayer;
  return test(layer) || someInErrorChain(layer.cause, test, depth + 1) || someInErrorChain(layer.meta?.driverAdapterError, test, depth + 1);
}
