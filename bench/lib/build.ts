// Rebuilds the production bundle when the sources changed since it was built, so that a bench
// measures the code in the tree (startBenchServer builds only when there is no build at all).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newest(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => (name === 'node_modules' ? max : Math.max(max, newest(path.join(entry, name)))), stat.mtimeMs);
}

export function ensureFreshBuild(sources = ['app', 'lib', 'components', 'prisma', 'next.config.ts', 'package.json']): void {
  const built = existsSync('.next/BUILD_ID') ? statSync('.next/BUILD_ID').mtimeMs : 0;
  if (built && sources.every((s) => newest(s) <= built)) return;
  console.log(built ? 'sources changed since the production build: running `npm run build`' : 'no production build: running `npm run build`');
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
}
