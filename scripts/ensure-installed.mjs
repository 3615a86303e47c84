// Runs before `npm start` and `npm test` on whatever Node the user has (the system one may be older than
// 24), so plain JavaScript: installs the dependencies, Node 24 among them, when they are missing or when
// package-lock.json changed since the last install.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const stamp = join(root, 'node_modules', '.sluice-installed');
const lockHash = createHash('sha256')
  .update(readFileSync(join(root, 'package-lock.json')))
  .digest('hex');
const installed =
  existsSync(join(root, 'node_modules', '.bin', 'sluice')) &&
  existsSync(stamp) &&
  readFileSync(stamp, 'utf8') === lockHash;

if (!installed) {
  // A fresh clone gets exactly the lock (npm ci). An existing install is brought up to date in place:
  // npm ci would first delete node_modules from under whatever else is running from it.
  const command = existsSync(join(root, 'node_modules')) ? 'install' : 'ci';
  // On stderr, npm's own report included: stdout belongs to the command this runs before, whose
  // `--json` must be all there is on it (`npm start --silent -- --json` on a fresh clone).
  process.stderr.write(
    `Installing dependencies (npm ${command}, Node 24 included; about a minute the first time)…\n`,
  );
  const result = spawnSync('npm', [command, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: ['inherit', process.stderr, 'inherit'],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, lockHash);
}
