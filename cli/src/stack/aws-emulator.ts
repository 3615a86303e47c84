import { waitUntilReady } from './detached-process.ts';
import { isDockerAvailable, startComposeService } from './docker-compose.ts';
import { parseEndpointAddress } from './endpoint-address.ts';
import { isLocalstackReady, isMotoAnswering, isPortTaken, probeLocalstackVersion } from './endpoint-probe.ts';
import { ProcessStartError, StackError } from './errors.ts';
import { findOwnAwsProcess, forgetAwsProcess, startLocalstackOnHost } from './localstack-process.ts';
import { startMotoServer } from './moto-server.ts';
import { resolveStackPaths, type StackPaths } from './paths.ts';
import { findOnPath, type RunCommand, runCommand } from './run-command.ts';
import { readOwner, writeOwner } from './stack-owner.ts';
import { type AwsVia, ignoreProgress, type OnProgress, type StackInfo } from './types.ts';

export type EnsureAwsOptions = {
  projectRoot: string;
  endpoint: string;
  python?: string;
  timeoutMs?: number;
  onProgress?: OnProgress;
  run?: RunCommand;
};

type AwsInfo = StackInfo['aws'];

/**
 * Makes an AWS emulator answer on the endpoint, cheapest way first: reuse what runs there, else Docker,
 * else LocalStack from the project venv, else moto_server with a warning saying why.
 */
export const ensureAwsEmulator = async (options: EnsureAwsOptions): Promise<AwsInfo> => {
  const {
    projectRoot,
    endpoint,
    timeoutMs = 120_000,
    onProgress = ignoreProgress,
    run = runCommand,
  } = options;
  const paths = resolveStackPaths(projectRoot);
  const running = await describeAwsEmulator(projectRoot, endpoint);
  if (running.state === 'running') {
    if (running.via !== 'moto') {
      // It may still be booting (a parallel `stack up`); /health answers before the services do.
      await waitUntilReady({
        what: 'LocalStack',
        isReady: () => isLocalstackReady(endpoint),
        logFile: running.logFile,
        timeoutMs,
      });
    }
    onProgress(`reusing ${running.via} on ${endpoint}`, 'info');
    return running;
  }
  if (await isPortTaken(endpoint)) {
    const { port } = parseEndpointAddress(endpoint);
    throw new StackError(
      `port ${port} of ${endpoint} is taken by something that is not LocalStack; stop it or use another endpoint`,
    );
  }
  await forgetAwsProcess(paths);
  if (await isDockerAvailable(run)) {
    try {
      return await startInDocker({ paths, endpoint, timeoutMs, onProgress, run });
    } catch (error) {
      // e.g. the image cannot be pulled offline: the host venv may still work.
      onProgress(`LocalStack in Docker failed (${firstLine(error)}); trying LocalStack on the host`, 'warn');
      await forgetAwsProcess(paths);
    }
  }
  try {
    const { version } = await startLocalstackOnHost({ ...options, timeoutMs, onProgress, run });
    return { state: 'running', via: 'localstack-host', endpoint, version, logFile: paths.logFile };
  } catch (error) {
    return fallBackToMoto({ paths, projectRoot, endpoint, onProgress, reason: error });
  }
};

/** What answers on the endpoint now, and whether we started it. Never starts or stops anything. */
export const describeAwsEmulator = async (projectRoot: string, endpoint: string): Promise<AwsInfo> => {
  const paths = resolveStackPaths(projectRoot);
  const version = await probeLocalstackVersion(endpoint);
  const own = await findOwnAwsProcess(paths);
  if (version !== null) {
    const owner = await readOwner(paths.awsOwnerFile);
    const via: AwsVia =
      owner === 'localstack-docker'
        ? 'localstack-docker'
        : own?.owner === 'localstack-host'
          ? 'localstack-host'
          : 'external';
    const logFile = via === 'localstack-host' ? paths.logFile : null;
    return { state: 'running', via, endpoint, version, logFile };
  }
  if (own?.owner === 'moto' && (await isMotoAnswering(endpoint))) {
    return { state: 'running', via: 'moto', endpoint, version: null, logFile: paths.motoLogFile };
  }
  return { state: 'stopped', via: null, endpoint, version: null, logFile: null };
};

type StartContext = {
  paths: StackPaths;
  endpoint: string;
  timeoutMs: number;
  onProgress: OnProgress;
  run: RunCommand;
};

const startInDocker = async ({
  paths,
  endpoint,
  timeoutMs,
  onProgress,
  run,
}: StartContext): Promise<AwsInfo> => {
  onProgress('Docker is available: starting LocalStack with docker compose', 'info');
  // The compose file publishes ${LOCALSTACK_PORT:-4566}, so a non-default endpoint port still lines up.
  const { port } = parseEndpointAddress(endpoint);
  await startComposeService(run, paths.composeFile, 'localstack', { LOCALSTACK_PORT: String(port) });
  await writeOwner(paths.awsOwnerFile, 'localstack-docker');
  await waitUntilReady({
    what: 'LocalStack (docker)',
    isReady: () => isLocalstackReady(endpoint),
    logFile: null,
    timeoutMs,
  });
  const version = await probeLocalstackVersion(endpoint);
  return { state: 'running', via: 'localstack-docker', endpoint, version, logFile: null };
};

type FallbackContext = {
  paths: StackPaths;
  projectRoot: string;
  endpoint: string;
  onProgress: OnProgress;
  reason: unknown;
};

const fallBackToMoto = async (context: FallbackContext): Promise<AwsInfo> => {
  const { paths, projectRoot, endpoint, onProgress, reason } = context;
  if ((await findOnPath('moto_server')) === null) throw reason;
  const why = firstLine(reason);
  // The log's last line is usually the actual reason (a traceback's exception).
  const lastLogLine =
    reason instanceof ProcessStartError ? reason.logTail.trim().split('\n').at(-1) : undefined;
  const seeLog = reason instanceof ProcessStartError ? ` (${lastLogLine ?? ''}; see ${reason.logFile})` : '';
  onProgress(
    `LocalStack could not start on this host: ${why}${seeLog}. Falling back to moto_server on ${endpoint}; ` +
      `it serves the same AWS APIs but not LocalStack's /_localstack routes.`,
    'warn',
  );
  try {
    await startMotoServer({ projectRoot, endpoint });
  } catch (motoError) {
    const motoWhy = motoError instanceof Error ? motoError.message : String(motoError);
    const localstackWhy = reason instanceof Error ? reason.message : String(reason);
    throw new StackError(
      `LocalStack failed, and so did the moto_server fallback.\n${localstackWhy}\n${motoWhy}`,
      {
        cause: new AggregateError([reason, motoError]),
      },
    );
  }
  return { state: 'running', via: 'moto', endpoint, version: null, logFile: paths.motoLogFile };
};

const firstLine = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
};
