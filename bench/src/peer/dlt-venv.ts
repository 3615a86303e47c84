import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DLT_DIR = fileURLToPath(new URL('../../dlt/', import.meta.url));
const REQUIREMENTS = join(DLT_DIR, 'requirements.txt');

const run = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`.trim();
    throw new Error(`${command} ${args.join(' ')} failed:\n${output.split('\n').slice(-15).join('\n')}`);
  }
};

/**
 * The Python that runs dlt: a venv under `.sluice/bench-venv`, made with `python3` and the pinned
 * requirements the first time, and again whenever requirements.txt changes (a stamp holds its hash).
 */
export const ensureDltVenv = (venvDir: string, say: (line: string) => void): string => {
  const python = join(venvDir, 'bin', 'python');
  const stamp = join(venvDir, '.requirements-sha256');
  const wanted = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return python;
  say(`installing dlt into ${venvDir} (once, about 30 s)`);
  rmSync(venvDir, { recursive: true, force: true });
  run('python3', ['-m', 'venv', venvDir]);
  run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS]);
  writeFileSync(stamp, wanted);
  return python;
};
