#!/usr/bin/env node
/**
 * Builds dist/ from src/ with tsc (tsconfig.build.json), after removing the previous build so no
 * output of a deleted source lingers. Run by `npm run build`, and by `prepare`: so `npm ci`, `npm
 * pack` and an install from a git URL all leave a built package.
 *
 * `--if-stale` (what `npm start` uses) builds only when a source is newer than the last build, so
 * a start does not pay for tsc (about 10 s here) when nothing changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', 'cli', 'main.js');

/** Newest modification time among the sources and the files that shape the build. */
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  visit(join(root, 'src'));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) visit(join(root, file));
  return newest;
}

if (process.argv.includes('--if-stale') && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource()) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  process.stderr.write('pushgate build: TypeScript is not installed; run `npm ci` (or `npm install`) first\n');
  process.exit(1);
}
rmSync(join(root, 'dist'), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
process.exit(result.status ?? 1);
