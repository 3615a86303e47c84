import { cpus, loadavg, totalmem } from 'node:os';
import { createConnection } from 'mysql2/promise';

export interface Machine {
  date: string;
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  mariadb: string;
  localstack: string;
  /** 1-minute load average when the bench started: above ~0.5 on an idle box, the figures are noisy. */
  loadAtStart: number;
}

const readServerVersion = async (databaseServer: string): Promise<string> => {
  const connection = await createConnection({ uri: databaseServer });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return String((rows as { version: string }[])[0]?.version ?? 'unknown');
  } finally {
    await connection.end();
  }
};

const readLocalStackVersion = async (endpoint: string | undefined): Promise<string> => {
  if (!endpoint) return 'none (real AWS)';
  try {
    const health = await fetch(new URL('/_localstack/health', endpoint), {
      signal: AbortSignal.timeout(5_000),
    });
    return String(((await health.json()) as { version?: string }).version ?? 'unknown');
  } catch {
    return 'unknown (no /_localstack/health: moto?)';
  }
};

/** What the figures were measured on, printed above them. */
export const describeMachine = async (options: {
  databaseServer: string;
  awsEndpoint: string | undefined;
}): Promise<Machine> => ({
  date: new Date().toISOString(),
  cores: cpus().length,
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
  node: process.version,
  mariadb: await readServerVersion(options.databaseServer),
  localstack: await readLocalStackVersion(options.awsEndpoint),
  loadAtStart: loadavg()[0] ?? 0,
});
