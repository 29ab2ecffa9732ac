// Runs `prisma generate` offline. The Prisma CLI insists on locating a schema-engine binary
// (downloaded from a host these machines cannot reach) even though generation never runs it,
// so point it at a stub. Migrations use @prisma/schema-engine-wasm instead (lib/db/migrate.ts).
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const stub = fileURLToPath(new URL('./schema-engine-stub.sh', import.meta.url));
chmodSync(stub, 0o755);
const result = spawnSync('npx', ['prisma', 'generate'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
});
process.exit(result.status ?? 1);
