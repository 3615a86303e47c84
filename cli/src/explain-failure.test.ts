import { describe, expect, it } from 'vitest';
import { readCliEnv } from './config.ts';
import { explainFailure } from './explain-failure.ts';
import { OutageError } from './ride-out-outages.ts';

const env = readCliEnv({
  DATABASE_URL: 'mysql://root:s3cret@127.0.0.1:3399/sluice',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:4599',
});

const refusedByMysql = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3399'), { code: 'ECONNREFUSED', fatal: true });

describe('Function: explainFailure()', () => {
  it('says what to fix for a connection failure, and how to start the local stack', () => {
    const error = new Error('Failed query: select 1\nparams: ', { cause: refusedByMysql() });
    expect(explainFailure(error, env)).toBe(
      'cannot reach the warehouse at 127.0.0.1:3399 (DATABASE_URL): connection refused; is it running? `npx sluice stack up` starts the local stack',
    );
  });

  it('after an outage ridden out to its limit, names the variable and address and how long it retried', () => {
    const error = new OutageError('warehouse', 2, 1, new Error('Failed query', { cause: refusedByMysql() }));
    expect(explainFailure(error, env)).toBe(
      'cannot reach the warehouse at 127.0.0.1:3399 (DATABASE_URL): connection refused; retried for 2 s (SLUICE_OUTAGE_LIMIT_SECONDS=1); is it running? `npx sluice stack up` starts the local stack',
    );
  });

  it('suggests no local stack against AWS', () => {
    const aws = readCliEnv({ SLUICE_TARGET: 'aws', DATABASE_URL: 'mysql://u@rds.internal:3306/sluice' });
    const error = new Error('Failed query', { cause: refusedByMysql() });
    expect(explainFailure(error, aws)).toBe(
      'cannot reach the warehouse at rds.internal:3306 (DATABASE_URL): connection refused',
    );
  });

  it('is the message itself for anything else, or when the environment could not be read', () => {
    expect(explainFailure(new Error('unknown pipeline books'), env)).toBe('unknown pipeline books');
    expect(explainFailure(refusedByMysql(), null)).toBe('connect ECONNREFUSED 127.0.0.1:3399');
  });
});
