import { startDetached, stopProcessGroup, waitUntilReady } from './detached-process.ts';
import { parseEndpointAddress } from './endpoint-address.ts';
import { isMotoAnswering } from './endpoint-probe.ts';
import { forgetAwsProcess } from './localstack-process.ts';
import { resolveStackPaths } from './paths.ts';
import { writeOwner } from './stack-owner.ts';

export type StartMotoOptions = {
  projectRoot: string;
  endpoint: string;
  command?: string;
  timeoutMs?: number;
};

/** The fallback emulator: moto's server speaks the same AWS APIs on one port, minus LocalStack's extras. */
export const startMotoServer = async (options: StartMotoOptions): Promise<void> => {
  const { projectRoot, endpoint, command = 'moto_server', timeoutMs = 30_000 } = options;
  const paths = resolveStackPaths(projectRoot);
  const { host, port } = parseEndpointAddress(endpoint);
  const started = await startDetached({
    command,
    args: ['-H', host, '-p', String(port)],
    cwd: paths.localstackDir,
    logFile: paths.motoLogFile,
    pidFile: paths.pidFile,
  });
  await writeOwner(paths.awsOwnerFile, 'moto');
  try {
    await waitUntilReady({
      what: 'moto_server',
      isReady: () => isMotoAnswering(endpoint),
      logFile: paths.motoLogFile,
      timeoutMs,
      process: started,
    });
  } catch (error) {
    await stopProcessGroup(started.pid, 5_000);
    await forgetAwsProcess(paths);
    throw error;
  }
};
