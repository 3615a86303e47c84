import { join } from 'node:path';
import { type CliEnv, PROJECT_ROOT, serviceEnvOf } from '../config.ts';
import { startLocalServices } from '../local-services.ts';
import { loadCliPipelines } from '../pipelines/pipeline-catalogue.ts';

/** `sluice services`: the three pollers in the foreground, their JSON log lines on stdout, until Ctrl-C. */
export const servicesCommand = async (env: CliEnv) => {
  // An invalid pipeline file would stop each service at start: say it once, as `sluice validate` would.
  await loadCliPipelines(env);
  const logDir = join(PROJECT_ROOT, '.sluice', 'logs');
  const services = await startLocalServices({
    env: serviceEnvOf(env),
    logDir,
    echo: (_service, line) => process.stdout.write(`${line}\n`),
  });
  process.stderr.write(
    `extractor, transformer and loader are polling (logs also in ${logDir}); Ctrl-C stops them\n`,
  );
  const stop = () => void services.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const { service, code } = await services.exited;
  await services.stop();
  throw new Error(`the ${service} stopped (code ${code}); see ${services.logFiles[service]}`);
};
