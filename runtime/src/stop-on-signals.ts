import type { Logger } from './logger.ts';
import type { Poller } from './poller.ts';

/** Stops the pollers on SIGTERM or SIGINT (or when the parent's pipe closes), then lets the process end. */
export const stopOnSignals = (
  pollers: Poller[],
  log: Logger,
  options: { stopWhenStdinEnds?: boolean; afterStop?: () => Promise<void> } = {},
): void => {
  let stopping = false;
  const stopAll = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    await Promise.all(pollers.map((poller) => poller.stop()));
    // After the pollers: a batch still in flight may need what is closed here.
    await options.afterStop?.().catch((error: unknown) => log.warn({ error }, 'closing failed'));
    process.exit(0);
  };
  process.once('SIGTERM', () => void stopAll('SIGTERM'));
  process.once('SIGINT', () => void stopAll('SIGINT'));
  // A poller started by the CLI holds a pipe from it: when the CLI dies, even by SIGKILL, the pipe closes
  // and the poller stops instead of polling on, orphaned, with the CLI's old settings.
  if (options.stopWhenStdinEnds) {
    process.stdin.once('end', () => void stopAll('parent gone'));
    process.stdin.resume();
  }
};
