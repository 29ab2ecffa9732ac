import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { cliActor } from '../lib/auth/actor';
import { createApiToken, createTokenInput } from '../lib/auth/api-tokens';
import { verifyAuditChain, verifyExportedChain } from '../lib/audit/verify-audit-chain';
import { exportAudit, exportAuditQuery } from '../lib/audit/export-audit';
import { fail } from '../lib/errors';
import { createOrganization } from '../lib/orgs/organizations';
import { createOrgInput, createUserInput, emailSchema, requestResetInput, setPasswordInput } from '../lib/orgs/schemas';
import { createUser, findUserByEmail } from '../lib/orgs/users';
import { setUserPassword } from '../lib/orgs/account';
import { createPasswordResetLink } from '../lib/orgs/password-reset';
import { caChainPem, ensureCa, importCa } from '../lib/pki/ca-store';
import { checkCsrSubject, parseCsr } from '../lib/pki/csr-policy';
import { listCsrs, listCsrsQuery } from '../lib/pki/csr-queries';
import { approveCsr, rejectInput, rejectCsr } from '../lib/pki/review-csr';
import { startJobs } from '../lib/jobs/queue';

/** `offline`: runs without the database (always, or for the arguments given). */
type Command = { offline?: boolean | ((args: never) => boolean); parse: (argv: string[]) => unknown; run: (args: never) => Promise<string | void> };

// `error: id: …` when --id is missing or is no CSR ID.
const csrIdFlag = z.object({ id: z.uuid({ error: (issue) => (issue.input === undefined ? 'needs --id <csr-id>' : 'must be a CSR ID (a UUID)') }) });
const csrIdOf = (id: string | undefined) => csrIdFlag.parse({ id }).id;
const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

const flags = (argv: string[], options: Record<string, { type: 'string' | 'boolean' }>) =>
  parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;

export const commands: Record<string, Command> = {
  'org create': {
    parse: (argv) => createOrgInput.parse(flags(argv, { id: { type: 'string' }, name: { type: 'string' } })),
    run: async (input: z.infer<typeof createOrgInput>) => {
      const org = await createOrganization(cliActor, input);
      return `created organization ${org.id} (${org.name})`;
    },
  },
  'user create': {
    parse: (argv) => {
      const v = flags(argv, { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, org: { type: 'string' } });
      return createUserInput.parse({ email: v.email, password: v.password, role: v.role, orgId: v.org });
    },
    run: async (input: z.infer<typeof createUserInput>) => {
      const user = await createUser(cliActor, input);
      return `created ${user.role} ${user.email}${user.orgId ? ` in ${user.orgId}` : ''}`;
    },
  },
  'user password': {
    parse: (argv) => {
      const v = flags(argv, { email: { type: 'string' }, password: { type: 'string' } });
      return setPasswordInput.parse({ email: v.email, password: v.password });
    },
    run: async (input: z.infer<typeof setPasswordInput>) => {
      await setUserPassword(cliActor, input.email, input.password);
      return `set the password of ${input.email}; their sessions have ended`;
    },
  },
  // The link alone on stdout (it is e-mailed too), for a member whose mail does not reach them.
  'user reset-link': {
    parse: (argv) => requestResetInput.parse({ email: flags(argv, { email: { type: 'string' } }).email }),
    run: async ({ email }: { email: string }) => (await createPasswordResetLink(cliActor, email)).url,
  },
  'token create': {
    parse: (argv) => {
      const v = flags(argv, { email: { type: 'string' }, name: { type: 'string' } });
      return { email: emailSchema.parse(v.email), ...createTokenInput.parse({ name: v.name }) };
    },
    // The token alone on stdout, so `TOKEN=$(npm run -s cli -- token create …)` works.
    run: async (input: { email: string; name: string }) => {
      const user = await findUserByEmail(input.email);
      if (!user) fail('not_found', `No user with the e-mail ${input.email}.`);
      return (await createApiToken(cliActor, user!.id, { name: input.name })).token;
    },
  },
  // Through the job queue, so it is the same single scan the app runs: if the app is running,
  // whichever process takes the job runs it; otherwise this process does. Waits for the result.
  'jobs run': {
    parse: (argv) => {
      if (argv.length !== 1 || argv[0] !== 'expiry-scan') fail('validation_failed', 'usage: jobs run expiry-scan');
      return {};
    },
    run: async () => {
      const jobs = await startJobs({ schedule: false });
      try {
        const r = await jobs.runExpiryScanNow();
        return `expiry scan: ${r.certificates} certificate(s) due, ${r.sent} reminder(s) queued, ${r.skipped} skipped, ${r.optedOut} opted out, ${r.digests} digest(s), ${r.ms} ms`;
      } finally {
        await jobs.stop();
      }
    },
  },
  'ca show': {
    parse: (argv) => flags(argv, {}),
    run: async () => {
      await ensureCa();
      return caChainPem();
    },
  },
  'ca import': {
    parse: (argv) => flags(argv, { cert: { type: 'string' }, key: { type: 'string' }, pkcs12: { type: 'string' }, password: { type: 'string' } }),
    run: async (v: Record<string, string | undefined>) => {
      if (!v.pkcs12 && !(v.cert && v.key)) fail('validation_failed', 'ca import needs --cert <pem> --key <pem>, or --pkcs12 <file> [--password <p>]');
      const input = v.pkcs12
        ? { pkcs12: new Uint8Array(await readFile(v.pkcs12)), password: v.password ?? process.env.CA_IMPORT_PASSWORD ?? '' }
        : { certPem: await readFile(v.cert!, 'utf8'), keyPem: await readFile(v.key!, 'utf8') };
      const out = await importCa(cliActor, input);
      return `imported CA: issuing "${out.issuing}", root "${out.root}" (sha256 ${out.fingerprintSha256})`;
    },
  },
  'csr check': {
    offline: true,
    parse: (argv) => flags(argv, { file: { type: 'string' }, org: { type: 'string' } }),
    run: async (v: Record<string, string | undefined>) => {
      if (!v.file) fail('validation_failed', 'csr check needs --file <csr>');
      const csr = await parseCsr(new Uint8Array(await readFile(v.file!)));
      if (v.org) checkCsrSubject(csr, v.org);
      return `ok: ${csr.subject}, ${csr.keyAlgorithm}, ${csr.signatureAlgorithm}, public key sha256 ${csr.publicKeySha256}`;
    },
  },
  'csr list': {
    parse: (argv) => {
      const v = flags(argv, { status: { type: 'string' }, org: { type: 'string' } });
      return listCsrsQuery.pick({ status: true, orgId: true }).parse({ status: v.status ?? 'pending', orgId: v.org });
    },
    run: async (filter: Pick<z.infer<typeof listCsrsQuery>, 'status' | 'orgId'>) => {
      const items = [];
      let cursor: string | undefined;
      do {
        const page = await listCsrs(cliActor, { ...filter, limit: 500, cursor });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return items.map((c) => `${c.id}  ${c.status.padEnd(9)} ${c.orgId.padEnd(20)} ${c.keyAlgorithm.padEnd(9)} ${c.createdAt.toISOString()}`).join('\n') || 'no CSRs';
    },
  },
  'csr approve': {
    parse: (argv) => flags(argv, { id: { type: 'string' }, 'validity-days': { type: 'string' } }),
    run: async (v: Record<string, string | undefined>) => {
      const validityDays = v['validity-days'] ? z.coerce.number().int().min(1).max(825).parse(v['validity-days']) : undefined;
      const out = await approveCsr(cliActor, csrIdOf(v.id), { validityDays });
      return `issued certificate ${out.certificate.id} serial ${out.certificate.serialNumber}, expires ${out.certificate.notAfter.toISOString()}`;
    },
  },
  // The reason goes to the submitter by e-mail and onto the CSR's page, as from the queue.
  'csr reject': {
    parse: (argv) => {
      const v = flags(argv, { id: { type: 'string' }, reason: { type: 'string' } });
      return { id: csrIdOf(v.id), ...rejectInput.parse({ reason: v.reason ?? '' }) };
    },
    run: async ({ id, reason }: { id: string; reason: string }) => {
      const out = await rejectCsr(cliActor, id, { reason });
      return `rejected CSR ${out.id} (${out.orgId})`;
    },
  },
  // The live chain, or (--file) an export checked offline; both print the last hash, which is
  // what ties an export to the database it came from.
  'audit verify': {
    parse: (argv) => flags(argv, { file: { type: 'string' }, filtered: { type: 'boolean' } }),
    offline: (v: { file?: string }) => Boolean(v.file),
    run: async (v: { file?: string; filtered?: boolean }) => {
      if (v.file) {
        const report = verifyExportedChain(await readFile(v.file, 'utf8'), { filtered: Boolean(v.filtered) });
        if (!report.ok) fail('conflict', `${v.file}: entry ${report.brokenAt} does not match its hash${v.filtered ? '' : ' or does not follow the entry before it'} (after ${report.entries} good entries)`);
        const scope = v.filtered ? 'each entry matches its hash' : report.fromGenesis ? 'one unbroken chain from the first entry' : 'one unbroken chain';
        return `export ok: ${entries(report.entries)}, ${scope}; last hash ${report.head}`;
      }
      const report = await verifyAuditChain();
      if (!report.ok) fail('conflict', `audit chain broken at entry ${report.brokenAt} (after ${report.entries} good entries)`);
      return `audit chain ok: ${entries(report.entries)}, head ${report.head}`;
    },
  },
  // Streams to stdout in pages, so a long log does not have to fit in memory.
  'audit export': {
    parse: (argv) => {
      const v = flags(argv, {
        format: { type: 'string' }, action: { type: 'string' }, org: { type: 'string' }, actor: { type: 'string' }, object: { type: 'string' },
        since: { type: 'string' }, until: { type: 'string' },
      });
      return exportAuditQuery.parse({ format: v.format, action: v.action, orgId: v.org, actor: v.actor, objectId: v.object, since: v.since, until: v.until });
    },
    run: async ({ format, ...filter }: z.infer<typeof exportAuditQuery>) => {
      for await (const chunk of exportAudit(cliActor, filter, format)) process.stdout.write(chunk);
    },
  },
};

export const usage = `usage: npm run cli -- <command>
  org create --id <org-id> --name <name>
  user create --email <e> --password <p> --role operator|org_admin|engineer [--org <org-id>]
  user password --email <e> --password <p>
  user reset-link --email <e>
  token create --email <e> [--name <label>]
  jobs run expiry-scan
  ca show
  ca import (--cert <pem> --key <pem> | --pkcs12 <file> [--password <p>])
  csr check --file <csr> [--org <org-id>]
  csr list [--status pending|approved|rejected|cancelled] [--org <org-id>]
  csr approve --id <csr-id> [--validity-days <n>]
  csr reject --id <csr-id> --reason <text>
  audit verify [--file <export.jsonl> [--filtered]]
  audit export [--format jsonl|csv] [--since <time>] [--until <time>] [--action <prefix>] [--org <org-id>] [--actor <e-mail>] [--object <id>]`;
