import type { CliEnv } from '../config.ts';
import { DEFAULT_CONSOLE_HOST, DEFAULT_CONSOLE_PORT, loopbackHostOf } from '../console/console-address.ts';
import { startConsole } from '../console/server.ts';
import { portOption } from '../option-values.ts';
import { connectPlatform } from '../platform.ts';

/** `sluice console [--port P] [--host H]`: the operator console until Ctrl-C or SIGTERM. */
export const consoleCommand = async (
  env: CliEnv,
  options: { port?: string; host?: string; logs?: string },
) => {
  const host = loopbackHostOf(options.host ?? DEFAULT_CONSOLE_HOST);
  const port = options.port === undefined ? DEFAULT_CONSOLE_PORT : portOption(options.port);
  const platform = await connectPlatform(env);
  let running: Awaited<ReturnType<typeof startConsole>>;
  try {
    running = await startConsole({
      env,
      platform,
      host,
      port,
      ...(options.logs ? { logDir: options.logs } : {}),
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    await platform.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${port} is taken (another console?): --port P picks another, --port 0 any free one`,
      );
    }
    throw error;
  }
  process.stdout.write(`Sluice console: ${running.url} (Ctrl-C stops it)\n`);
  // The console is a collector too: services started with this see their pages' traces here.
  process.stdout.write(
    `Traces: start the services with OTEL_EXPORTER_OTLP_ENDPOINT=${running.url.slice(0, -1)} and each page's view draws its trace\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
  await platform.close();
};
