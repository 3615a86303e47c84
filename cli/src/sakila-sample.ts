import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { connectToSakila, createSakilaDatabase } from '@sluice/fixtures';
import { DEFAULT_SAKILA_DATABASE_URL, sakilaUrlOf } from './commands/sample.ts';

/** A modest sample: 1,000 customers make 20,000 rentals and about as many payments, loaded in seconds. */
export const SAMPLE_CUSTOMERS = 1_000;
const SAMPLE_DATABASE = 'sakila_source';
const VARIABLE = 'SAKILA_DATABASE_URL';

const databaseExists = async (serverUrl: string, database: string): Promise<boolean> => {
  const db = await connectToSakila(serverUrl);
  try {
    const [rows] = await db.query('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
      database,
    ]);
    return (rows as unknown[]).length > 0;
  } finally {
    await db.end();
  }
};

/** Whether the pipeline reads the Sakila sample's variable, which a local run then gives its services. */
export const readsSakilaSample = ({ source }: Pick<PipelineDefinition, 'source'>): boolean =>
  source.type === 'mysql' && source.connection.trim() === `\${${VARIABLE}}`;

/**
 * For a pipeline reading the Sakila sample (its connection is `${SAKILA_DATABASE_URL}`, unset or naming
 * sakila_source): creates and fills the sample when it is missing, so `start sakila` needs nothing set,
 * and returns the variable for the services. Null for any other source: a real database is never created.
 */
export const prepareSakilaSample = async (
  pipeline: PipelineDefinition,
  variables: Record<string, string | undefined>,
  say: (line: string) => void,
): Promise<Record<string, string> | null> => {
  if (!readsSakilaSample(pipeline)) return null;
  const url = variables[VARIABLE] || DEFAULT_SAKILA_DATABASE_URL;
  const { serverUrl, databaseUrl, database } = sakilaUrlOf(url);
  if (database !== SAMPLE_DATABASE) return { [VARIABLE]: databaseUrl };
  if (!(await databaseExists(serverUrl, database))) {
    say(`Creating the Sakila sample ${database}: ${SAMPLE_CUSTOMERS} customers, seed 1 (day 0)`);
    const db = await connectToSakila(serverUrl);
    try {
      const created = await createSakilaDatabase(db, { database, customers: SAMPLE_CUSTOMERS, seed: 1 });
      say(`Created ${database} in ${created.seconds.toFixed(1)} s`);
    } finally {
      await db.end();
    }
  }
  return { [VARIABLE]: databaseUrl };
};
