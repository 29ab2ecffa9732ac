// `node --import tsx tests/submit-as-member.ts <e-mail> <csr-file>`: submits a CSR as that
// member through lib/pki/submit-csr, on the database the environment names (DATA_DIR or
// DATABASE_URL), and prints its ID. For cli.test: the CLI, an operator's tool, has no submit
// command (members submit on the upload page or with the API).
import { readFile } from 'node:fs/promises';
import { db } from '../lib/db/client';
import { submitCsr } from '../lib/pki/submit-csr';
import { startRuntime } from '../lib/runtime';

const [email, file] = process.argv.slice(2);
const runtime = await startRuntime();
try {
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  const csr = await submitCsr({ userId: user.id, email, role: user.role, orgId: user.orgId, address: null, via: 'cli' }, { csr: await readFile(file, 'utf8') });
  process.stdout.write(csr.id);
} finally {
  await runtime.shutdown();
}
