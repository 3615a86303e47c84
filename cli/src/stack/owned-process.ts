import { removePidFile, startDetached, stopProcessGroup, waitUntilReady } from './detached-process.ts';
import type { StackPaths } from './paths.ts';
import { clearOwner, writeOwner } from './stack-owner.ts';
import type { AwsVia } from './types.ts';

/** Forgets the emulator process we started: its pid file and the note of who owns the endpoint. */
export const forgetAwsProcess = async (paths: StackPaths): Promise<void> => {
  await removePidFile(paths.pidFile);
  await clearOwner(paths.awsOwnerFile);
};

/**
 * Starts an emulator (host LocalStack or moto) as a detached process that `stack down` can find again,
 * and waits until it answers; one that does not is stopped and forgotten before the error is thrown.
 */
export const startOwnedEmulator = async (spec: {
  what: string;
  via: Extract<AwsVia, 'localstack-host' | 'moto'>;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  paths: StackPaths;
  logFile: string;
  isReady: () => Promise<boolean>;
  timeoutMs: number;
}): Promise<void> => {
  const { paths, logFile } = spec;
  const started = await startDetached({
    command: spec.command,
    args: spec.args,
    ...(spec.env ? { env: spec.env } : {}),
    cwd: paths.localstackDir,
    logFile,
    pidFile: paths.pidFile,
  });
  // Noted before the wait, so an interrupted `stack up` still leaves something `stack down` can stop.
  await writeOwner(paths.awsOwnerFile, spec.via);
  try {
    await waitUntilReady({
      what: spec.what,
      isReady: spec.isReady,
      logFile,
      timeoutMs: spec.timeoutMs,
      process: started,
    });
  } catch (error) {
    await stopProcessGroup(started.pid, 5_000);
    await forgetAwsProcess(paths);
    throw error;
  }
};
