import { parseEndpointAddress } from './endpoint-address.ts';
import { isMotoAnswering } from './endpoint-probe.ts';
import { startOwnedEmulator } from './owned-process.ts';
import { resolveStackPaths } from './paths.ts';

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
  await startOwnedEmulator({
    what: 'moto_server',
    via: 'moto',
    command,
    args: ['-H', host, '-p', String(port)],
    paths,
    logFile: paths.motoLogFile,
    isReady: () => isMotoAnswering(endpoint),
    timeoutMs,
  });
};
