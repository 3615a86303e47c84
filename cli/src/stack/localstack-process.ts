import { isOurProcess, readPidFile, stopProcessGroup } from './detached-process.ts';
import { removeComposeService } from './docker-compose.ts';
import { parseEndpointAddress } from './endpoint-address.ts';
import { isLocalstackReady } from './endpoint-probe.ts';
import { ensureLocalstackVenv } from './localstack-venv.ts';
import { forgetAwsProcess, startOwnedEmulator } from './owned-process.ts';
import { resolveStackPaths, type StackPaths } from './paths.ts';
import { type RunCommand, runCommand } from './run-command.ts';
import { readOwner } from './stack-owner.ts';
import { type AwsVia, ignoreProgress, type OnProgress } from './types.ts';

/** What a pid from our pid file must have in its command line before we signal it (see isOurProcess). */
export const PROCESS_MARKERS: Readonly<Record<string, string>> = {
  'localstack-host': 'localstack.runtime.main',
  moto: 'moto_server',
};

/**
 * LocalStack outside its container: no Docker-in-Docker detection, no DNS server (port 53 needs root and
 * clashes with the host's resolver), no certificate download (no internet), and SQS queue URLs by path so
 * they work with 127.0.0.1 instead of *.localhost.localstack.cloud.
 */
export const buildLocalstackEnv = (
  endpoint: string,
  dataDir: string,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv => {
  const { host, port } = parseEndpointAddress(endpoint);
  return {
    ...base,
    OVERRIDE_IN_DOCKER: '0',
    GATEWAY_LISTEN: `${host}:${port}`,
    LOCALSTACK_HOST: `${host}:${port}`,
    SQS_ENDPOINT_STRATEGY: 'path',
    DNS_ADDRESS: '0',
    SKIP_SSL_CERT_DOWNLOAD: '1',
    DISABLE_EVENTS: '1',
    FILESYSTEM_ROOT: dataDir,
    SERVICES: 's3,sqs,events,sts,iam,secretsmanager',
  };
};

export type StartLocalstackOptions = {
  projectRoot: string;
  endpoint: string;
  python?: string;
  timeoutMs?: number;
  onProgress?: OnProgress;
  run?: RunCommand;
};

/** Installs (once) and starts LocalStack from the project venv; resolves when it reports its init as complete. */
export const startLocalstackOnHost = async (
  options: StartLocalstackOptions,
): Promise<{ version: string | null }> => {
  const { projectRoot, endpoint, timeoutMs = 120_000, onProgress = ignoreProgress } = options;
  const paths = resolveStackPaths(projectRoot);
  const venv = await ensureLocalstackVenv({
    projectRoot,
    onProgress,
    ...(options.python === undefined ? {} : { python: options.python }),
    ...(options.run === undefined ? {} : { run: options.run }),
  });
  onProgress(`starting LocalStack ${venv.version ?? ''} on ${endpoint} (log: ${paths.logFile})`, 'info');
  const startedAt = Date.now();
  await startOwnedEmulator({
    what: 'LocalStack',
    via: 'localstack-host',
    command: venv.python,
    args: ['-m', 'localstack.runtime.main'],
    env: buildLocalstackEnv(endpoint, paths.dataDir),
    paths,
    logFile: paths.logFile,
    isReady: () => isLocalstackReady(endpoint),
    timeoutMs,
  });
  onProgress(`LocalStack ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`, 'info');
  return { version: venv.version };
};

export type StopLocalstackOptions = { projectRoot: string; run?: RunCommand; onProgress?: OnProgress };

/** Stops the emulator only if we started it (host LocalStack, moto or the compose service); returns what it stopped. */
export const stopLocalstack = async (options: StopLocalstackOptions): Promise<AwsVia | null> => {
  const { projectRoot, run = runCommand, onProgress = ignoreProgress } = options;
  const paths = resolveStackPaths(projectRoot);
  const owner = await readOwner(paths.awsOwnerFile);
  if (owner === 'localstack-docker') {
    onProgress('stopping the LocalStack container', 'info');
    await removeComposeService(run, paths.composeFile, 'localstack');
    await forgetAwsProcess(paths);
    return 'localstack-docker';
  }
  const pid = await readPidFile(paths.pidFile);
  const marker = owner === null ? undefined : PROCESS_MARKERS[owner];
  let stopped: AwsVia | null = null;
  if (pid !== null && marker !== undefined && (await isOurProcess(pid, marker))) {
    onProgress(`stopping ${owner} (pid ${pid})`, 'info');
    await stopProcessGroup(pid);
    stopped = owner as AwsVia;
  }
  await forgetAwsProcess(paths);
  return stopped;
};

/** Whether the pid file points at a live process of the kind the owner file says we started. */
export const findOwnAwsProcess = async (
  paths: StackPaths,
): Promise<{ owner: string; pid: number } | null> => {
  const owner = await readOwner(paths.awsOwnerFile);
  const pid = await readPidFile(paths.pidFile);
  const marker = owner === null ? undefined : PROCESS_MARKERS[owner];
  if (owner === null || pid === null || marker === undefined) return null;
  return (await isOurProcess(pid, marker)) ? { owner, pid } : null;
};

export { forgetAwsProcess } from './owned-process.ts';
