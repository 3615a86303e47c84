import { StackError } from './errors.ts';
import type { RunCommand } from './run-command.ts';

export type ComposeService = 'localstack' | 'mysql';

/** `docker info` talks to the engine; a CLI without a running engine fails fast or hangs, hence the short timeout. */
export const isDockerAvailable = async (run: RunCommand): Promise<boolean> =>
  (await run('docker', ['info'], { timeoutMs: 5_000 })).code === 0;

/** Compose v2 is a docker plugin; older installs only have the standalone `docker-compose`. */
const findCompose = async (run: RunCommand): Promise<string[]> => {
  if ((await run('docker', ['compose', 'version'], { timeoutMs: 5_000 })).code === 0)
    return ['docker', 'compose'];
  if ((await run('docker-compose', ['version'], { timeoutMs: 5_000 })).code === 0) return ['docker-compose'];
  throw new StackError('Docker is running but neither `docker compose` nor `docker-compose` is installed');
};

const runCompose = async (
  run: RunCommand,
  composeFile: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<void> => {
  const [command = 'docker', ...prefix] = await findCompose(run);
  const fullArgs = [...prefix, '-f', composeFile, ...args];
  // Pulling an image on first use can take minutes.
  const result = await run(command, fullArgs, { timeoutMs: 600_000, env: { ...process.env, ...env } });
  if (result.code !== 0) {
    throw new StackError(
      `\`${command} ${fullArgs.join(' ')}\` failed: ${result.stderr.trim() || result.stdout.trim()}`,
    );
  }
};

/** `env` fills the compose file's ${VAR:-default} placeholders (published ports). */
export const startComposeService = (
  run: RunCommand,
  composeFile: string,
  service: ComposeService,
  env: Record<string, string> = {},
) => runCompose(run, composeFile, ['up', '-d', service], env);

/** `rm --stop` rather than `down`: down would also remove the other service, which we may not have started. */
export const removeComposeService = (run: RunCommand, composeFile: string, service: ComposeService) =>
  runCompose(run, composeFile, ['rm', '--stop', '--force', service]);
