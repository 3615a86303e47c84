import { pino } from 'pino';

export type Logger = pino.Logger;

/** JSON lines on stdout (or the given destination), one logger per process, named after the service. */
export const createLogger = (
  name: string,
  options: { level?: string; destination?: pino.DestinationStream } = {},
): Logger =>
  pino(
    {
      name,
      level: options.level ?? 'info',
      base: { service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );

/** For tests and for libraries called without a logger. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
