// The prepare script (`npm install`, `npm ci`) and the first step of `npm test`: build, unless dist/ was
// built from exactly these inputs (CI runs `npm ci` then `npm test`: the second build was the same one).
// Why the check: `npx sbk ...` in the project does not run the project's bin directly. npm installs the
// project itself into its own cache (~/.npm/_npx) and runs its prepare script again, in this folder:
// a whole rebuild that made the README's first `npx sbk` take 5-20 s right after `npm install`.
// The inputs are hashed (well under a second); a stamp in dist/ records the hash of the last build.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', 'build-inputs.sha1');
const INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'bin', 'src', 'scripts'];

function* files(rel) {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return;
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    yield rel; // a file
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) yield* files(path.join(rel, e.name));
}

function inputsHash() {
  const h = createHash('sha1');
  h.update(process.version);
  // The data files are inputs too: the build validates them and writes dist/cache/ from them.
  const data = readdirSync(root).filter((f) => f.endsWith('.yaml')).sort();
  for (const rel of [...INPUTS.flatMap((r) => [...files(r)]), ...data]) {
    h.update(rel).update('\0').update(readFileSync(path.join(root, rel))).update('\0');
  }
  // The maintainers' source beside the project, when it is there: the trees' check reads it and the
  // cache holds the lines the trees cite (src/trees/cite.ts sourcePath).
  const source = path.join(root, '..', 'shared', 'source', 'faq-source.txt');
  h.update(existsSync(source) ? readFileSync(source) : 'no source');
  return h.digest('hex');
}

const hash = inputsHash();
let built;
try {
  built = readFileSync(stampFile, 'utf8').trim();
} catch {
  // Never built here.
}
if (built === hash && existsSync(path.join(root, 'dist', 'bundle', 'sbk.cjs'))) process.exit(0);

const npm = process.env.npm_execpath
  ? [process.execPath, [process.env.npm_execpath, 'run', 'build']]
  : ['npm', ['run', 'build']];
const r = spawnSync(npm[0], npm[1], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(stampFile, `${hash}\n`);
