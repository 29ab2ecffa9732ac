// The operator CLI as a user runs it, on its own embedded PostgreSQL in a temporary DATA_DIR, so
// `ca import` touches no other test. Most commands run while that database is up (as beside a
// running app: the CLI uses it); the last tests stop it, and a command then starts the embedded
// database for itself and stops it again.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../lib/db/embedded';

const dataDir = mkdtempSync(path.join(tmpdir(), 'trustgate-cli-'));
const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv;
delete env.DATABASE_URL;
delete env.TRUSTGATE_SECRET;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/index.ts', ...args], { env, encoding: 'utf8', timeout: 120_000 });
  // More than the one error line is never expected: show it whole, whichever assertion fails.
  if (r.status === null || r.stderr.trim().split('\n').length > 1) console.error(`cli ${args.join(' ')} → ${r.status}:\n${r.stderr}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let database: EmbeddedDatabase | null = null;
beforeAll(async () => {
  database = await startEmbeddedDatabase(dataDir);
}, 120_000);
afterAll(async () => {
  await database?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
const postmasterPid = path.join(dataDir, 'pg', 'postmaster.pid');

// Each command is a process that loads the CLI (≈ 1.5 s here when the machine is idle, 7–9 s
// while CI runs the other test files beside it); a test of a dozen commands gets 5 minutes.
describe('npm run cli', { timeout: 300_000 }, () => {
  it('creates organizations and users; errors are one line with exit 1', () => {
    expect(cli('org', 'create', '--id', 'acme-corp', '--name', 'Acme Corp')).toMatchObject({ code: 0, stdout: 'created organization acme-corp (Acme Corp)\n' });
    const dup = cli('org', 'create', '--id', 'acme-corp', '--name', 'Acme Corp');
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim().split('\n')).toHaveLength(1);
    expect(dup.stderr).toContain('already_exists');
    const badId = cli('org', 'create', '--id', 'A!', '--name', 'x');
    expect(badId.code).toBe(1);
    expect(badId.stderr).toContain('id: must be 3–64 characters');
    const user = cli('user', 'create', '--email', 'dev@acme.test', '--password', 'a-long-password-1', '--role', 'engineer', '--org', 'acme-corp');
    expect(user, user.stderr).toMatchObject({ code: 0 });
    expect(cli('user', 'create', '--email', 'x@acme.test', '--password', 'a-long-password-1', '--role', 'engineer').stderr).toContain('needs an organization');
    expect(cli('frobnicate').code).toBe(1);
  });

  it('prints a personal API token alone on stdout', () => {
    const out = cli('token', 'create', '--email', 'dev@acme.test', '--name', 'ci');
    expect(out, out.stderr).toMatchObject({ code: 0 });
    expect(out.stdout).toMatch(/^tgp_[A-Za-z0-9_-]{43}\n$/);
    expect(cli('token', 'create', '--email', 'nobody@acme.test').code).toBe(1);
  });

  it('prints a one-time password-reset link alone on stdout, for an active account only', () => {
    const out = cli('user', 'reset-link', '--email', 'DEV@acme.test');
    expect(out, out.stderr).toMatchObject({ code: 0 });
    expect(out.stdout).toMatch(/^https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}\n$/);
    const unknown = cli('user', 'reset-link', '--email', 'nobody@acme.test');
    expect([unknown.code, unknown.stderr.trim().split('\n').length]).toEqual([1, 1]);
    expect(unknown.stderr).toContain('not_found');
    expect(cli('user', 'reset-link').stderr).toMatch(/^error: email: /);
    expect(cli('user', 'reset-link', '--email', 'not-an-address').stderr).toContain('email: must be an e-mail address');
  });

  it('shows the CA chain and imports an existing CA; the audit chain verifies', () => {
    const shown = cli('ca', 'show');
    expect(shown, shown.stderr).toMatchObject({ code: 0 });
    expect(shown.stdout.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);

    const dir = mkdtempSync(path.join(tmpdir(), 'trustgate-ca-'));
    const key = path.join(dir, 'ca-key.pem');
    const cert = path.join(dir, 'ca.pem');
    execFileSync('openssl', ['ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', key]);
    execFileSync('openssl', ['req', '-x509', '-new', '-key', key, '-subj', '/CN=Imported Test CA', '-days', '365', '-out', cert,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    const imported = cli('ca', 'import', '--cert', cert, '--key', key);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(cli('ca', 'show').stdout).toContain(execFileSync('openssl', ['x509', '-in', cert]).toString().split('\n')[1]);
    writeFileSync(path.join(dir, 'not-a-ca.pem'), 'nope');
    expect(cli('ca', 'import', '--cert', path.join(dir, 'not-a-ca.pem'), '--key', key).code).toBe(1);

    const verified = cli('audit', 'verify');
    expect(verified, verified.stderr).toMatchObject({ code: 0 }); // stderr says why, if it fails
    expect(verified.stdout).toMatch(/^audit chain ok: \d+ entries, head [0-9a-f]{64}\n$/);

    // An export checks offline, and its last hash is the live chain's head.
    const exported = cli('audit', 'export');
    expect(exported.code, exported.stderr).toBe(0);
    const file = path.join(dir, 'audit.jsonl');
    writeFileSync(file, exported.stdout);
    const offline = cli('audit', 'verify', '--file', file);
    expect(offline, offline.stderr).toMatchObject({ code: 0 });
    expect(offline.stdout).toBe(`export ok: ${verified.stdout.match(/(\d+) entries/)![1]} entries, one unbroken chain from the first entry; last hash ${verified.stdout.match(/head (\w+)/)![1]}\n`);
    const edited = exported.stdout.replace('"action":"organization.create"', '"action":"organization.delete"');
    expect(edited).not.toBe(exported.stdout);
    writeFileSync(file, edited);
    const tampered = cli('audit', 'verify', '--file', file);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/^error: conflict: .*audit\.jsonl: entry \d+ does not match its hash/);
    const csv = cli('audit', 'export', '--format', 'csv', '--action', 'ca.');
    expect(csv.stdout.split('\r\n')[0]).toBe('seq,at,actorEmail,actorId,orgId,address,action,objectType,objectId,details,prevHash,hash');
    expect(csv.stdout).toContain(',ca.import,');

    // A stretch of time is a stretch of the chain: it verifies link by link, from its first prevHash.
    const lines = exported.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const since = lines[Math.floor(lines.length / 2)].at;
    const stretch = cli('audit', 'export', '--since', since);
    expect(stretch.code, stretch.stderr).toBe(0);
    const stretchLines = stretch.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const first = lines.findIndex((l) => l.at >= since);
    expect(stretchLines.map((l) => l.seq)).toEqual(lines.slice(first).map((l) => l.seq));
    expect(stretchLines[0].prevHash).toBe(first > 0 ? lines[first - 1].hash : '0'.repeat(64));
    writeFileSync(file, stretch.stdout);
    const stretchChecked = cli('audit', 'verify', '--file', file);
    expect(stretchChecked.stdout, stretchChecked.stderr).toMatch(/^export ok: \d+ entries, one unbroken chain; last hash [0-9a-f]{64}\n$/);
    const badTime = cli('audit', 'export', '--since', 'last tuesday');
    expect(badTime.code).toBe(1);
    expect(badTime.stderr).toMatch(/since/);
  });

  it('checks a CSR offline with the same policy', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trustgate-csr-'));
    execFileSync('openssl', ['ecparam', '-genkey', '-name', 'secp384r1', '-noout', '-out', path.join(dir, 'k.pem')]);
    execFileSync('openssl', ['req', '-new', '-key', path.join(dir, 'k.pem'), '-subj', '/CN=acme-corp', '-out', path.join(dir, 'c.csr')]);
    expect(cli('csr', 'check', '--file', path.join(dir, 'c.csr'), '--org', 'acme-corp').stdout).toMatch(/^ok: CN=acme-corp, EC P-384/);
    const wrong = cli('csr', 'check', '--file', path.join(dir, 'c.csr'), '--org', 'globex');
    expect([wrong.code, /subject_mismatch/.test(wrong.stderr)]).toEqual([1, true]);
    const key = cli('csr', 'check', '--file', path.join(dir, 'k.pem'));
    expect([key.code, /private_key_detected/.test(key.stderr)]).toEqual([1, true]);
  });

  it('lists, approves and rejects CSRs as the queue does', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trustgate-review-'));
    const submit = (name: string) => {
      execFileSync('openssl', ['ecparam', '-genkey', '-name', 'secp384r1', '-noout', '-out', path.join(dir, `${name}.key`)]);
      execFileSync('openssl', ['req', '-new', '-key', path.join(dir, `${name}.key`), '-subj', '/CN=acme-corp', '-out', path.join(dir, `${name}.csr`)]);
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'tests/submit-as-member.ts', 'dev@acme.test', path.join(dir, `${name}.csr`)], { env, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    const [first, second] = [submit('a'), submit('b')];
    const pending = cli('csr', 'list');
    expect(pending, pending.stderr).toMatchObject({ code: 0 });
    const listed = (out: string) => out.trim().split('\n').map((line) => line.split(/\s+/).slice(0, 3));
    expect(listed(pending.stdout)).toEqual([[first, 'pending', 'acme-corp'], [second, 'pending', 'acme-corp']]);
    expect(cli('csr', 'list', '--org', 'globex').stdout).toBe('no CSRs\n');

    const approved = cli('csr', 'approve', '--id', first, '--validity-days', '30');
    expect(approved, approved.stderr).toMatchObject({ code: 0 });
    const [, certificateId, expires] = approved.stdout.match(/^issued certificate ([0-9a-f-]{36}) serial [0-9a-f]+, expires (\S+)\n$/)!;
    expect(Math.round((Date.parse(expires) - Date.now()) / 86_400_000)).toBe(30);
    const again = cli('csr', 'approve', '--id', first);
    expect([again.code, again.stderr]).toEqual([1, 'error: csr_not_pending: This CSR is already approved.\n']);

    expect(cli('csr', 'reject', '--id', second).stderr).toBe('error: reason: a reason is required\n');
    const rejected = cli('csr', 'reject', '--id', second, '--reason', 'Wrong environment');
    expect(rejected, rejected.stderr).toMatchObject({ code: 0, stdout: `rejected CSR ${second} (acme-corp)\n` });
    expect(listed(cli('csr', 'list', '--status', 'rejected').stdout)).toEqual([[second, 'rejected', 'acme-corp']]);
    expect(cli('csr', 'list').stdout).toBe('no CSRs\n');
    // Both reviews are in the chain, by the CLI (an approval's object is the certificate it issued).
    const trail = cli('audit', 'export', '--object', `${first},${second},${certificateId}`).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(trail.map((e) => [e.action, e.objectId, e.actorEmail])).toEqual([
      ['csr.submit', first, 'dev@acme.test'], ['csr.submit', second, 'dev@acme.test'], ['csr.approve', certificateId, 'cli'], ['csr.reject', second, 'cli'],
    ]);

    expect(cli('csr', 'approve').stderr).toBe('error: id: needs --id <csr-id>\n');
    expect(cli('csr', 'reject', '--id', 'nope', '--reason', 'x').stderr).toBe('error: id: must be a CSR ID (a UUID)\n');
    expect(cli('csr', 'list', '--status', 'lost').stderr).toMatch(/^error: status: /);
    expect(cli('csr', 'approve', '--id', '00000000-0000-4000-8000-000000000000').stderr).toBe('error: not_found: CSR not found.\n');
  });

  it('with no database running, a command starts the embedded database for itself and stops it again', async () => {
    await database!.stop();
    database = null;
    expect(existsSync(postmasterPid)).toBe(false);
    const verified = cli('audit', 'verify');
    expect(verified, verified.stderr).toMatchObject({ code: 0 });
    expect(verified.stdout).toMatch(/^audit chain ok: \d+ entries/); // the data written while it ran
    expect(existsSync(postmasterPid)).toBe(false);
  });

  it('a command interrupted while it starts stops the database it started (exit 143)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/index.ts', 'audit', 'export'], { env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // The database is up; the command is still applying migrations or exporting.
    await expect.poll(() => existsSync(postmasterPid), { timeout: 60_000, interval: 5 }).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(existsSync(postmasterPid)).toBe(false);
  });

  it('through npm too: SIGTERM to `npm run cli` reaches the command, which has stopped its database when npm exits', async () => {
    // npm passes the signal to the script's shell; the scripts `exec` their command so that the
    // shell is the command (a shell that is not would die alone and leave the command running).
    const child = spawn('npm', ['run', '--silent', 'cli', '--', 'audit', 'export'], { env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await expect.poll(() => existsSync(postmasterPid), { timeout: 60_000, interval: 5 }).toBe(true);
    child.kill('SIGTERM');
    await exited;
    expect(existsSync(postmasterPid)).toBe(false);
  });

  it('a server started with another TRUSTGATE_SECRET stops with one line naming it and leaves no database running', () => {
    const wrong = spawnSync(process.execPath, ['--import', 'tsx', 'server.ts'], {
      env: { ...env, TRUSTGATE_SECRET: 'x'.repeat(43), PORT: '1', MTLS_PORT: '2', NODE_ENV: 'development' }, encoding: 'utf8', timeout: 120_000,
    });
    expect(wrong.status, wrong.stderr).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Cannot start: TRUSTGATE_SECRET: the keys sealed in the database .* do not open with this secret\./)]);
    expect(existsSync(postmasterPid)).toBe(false);
    // The right secret (DATA_DIR/secret) still opens everything.
    expect(cli('audit', 'verify').code).toBe(0);
  });
});
