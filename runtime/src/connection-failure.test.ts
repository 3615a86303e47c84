import { describe, expect, it } from 'vitest';
import { describeConnectionFailure, explainConnectionFailure } from './connection-failure.ts';

const settings = {
  DATABASE_URL: 'mysql://root:s3cret@127.0.0.1:3399/sluice',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:4599',
  AWS_REGION: 'us-east-1',
};

/** A socket error as Node raises it, marked the way mysql2 (`fatal`) or the AWS SDK (`$metadata`) marks it. */
const socketError = (code: string, mark: Record<string, unknown>) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code, ...mark });

describe('Function: describeConnectionFailure()', () => {
  it('names the warehouse, its address and DATABASE_URL under drizzle\'s "Failed query", never the password', () => {
    // Prepare: drizzle wraps the driver's error.
    const error = new Error('Failed query: select `run_id` from `sluice_runs`\nparams: 1', {
      cause: socketError('ECONNREFUSED', { fatal: true }),
    });

    // Act
    const line = describeConnectionFailure(error, settings);

    // Assess
    expect(line).toBe('cannot reach the warehouse at 127.0.0.1:3399 (DATABASE_URL): connection refused');
    expect(line).not.toContain('s3cret');
  });

  it('names the warehouse for a transaction the database went away under (mysql2: a closed connection, no code)', () => {
    const closed = Object.assign(new Error("Can't add new command when connection is in closed state"), {
      fatal: true,
    });
    const error = new Error('Failed query: rollback\nparams: ', { cause: closed });
    expect(describeConnectionFailure(error, settings)).toBe(
      'cannot reach the warehouse at 127.0.0.1:3399 (DATABASE_URL): connection closed',
    );
    expect(describeConnectionFailure(new Error('Duplicate entry'), settings)).toBeNull();
  });

  it("names the queues, the endpoint and AWS_ENDPOINT_URL for the SDK's socket error", () => {
    const error = socketError('ECONNREFUSED', { $metadata: { attempts: 3 } });
    expect(describeConnectionFailure(error, settings)).toBe(
      'cannot reach the queues/S3 at http://127.0.0.1:4599 (AWS_ENDPOINT_URL): connection refused',
    );
  });

  it('finds the failure inside an AggregateError and says what went wrong in words', () => {
    const error = new Error('Failed query: select 1', {
      cause: new AggregateError([socketError('ETIMEDOUT', { fatal: true })], 'connect'),
    });
    expect(describeConnectionFailure(error, settings)).toBe(
      'cannot reach the warehouse at 127.0.0.1:3399 (DATABASE_URL): connection timed out',
    );
  });

  it('gives the default MySQL port and leaves out a password in the endpoint', () => {
    const line = describeConnectionFailure(socketError('ENOTFOUND', { $metadata: {} }), {
      DATABASE_URL: 'mysql://root@db.internal/sluice',
      AWS_ENDPOINT_URL: 'http://user:pw@emulator.internal:4566/',
    });
    expect(line).toBe(
      'cannot reach the queues/S3 at http://emulator.internal:4566 (AWS_ENDPOINT_URL): no such host',
    );
    expect(
      describeConnectionFailure(socketError('ECONNRESET', { fatal: true }), {
        DATABASE_URL: 'mysql://root@db.internal/sluice',
      }),
    ).toBe('cannot reach the warehouse at db.internal:3306 (DATABASE_URL): connection reset');
  });

  it('names the region when the SDK talks to AWS itself', () => {
    const line = describeConnectionFailure(socketError('EAI_AGAIN', { $metadata: {} }), {
      DATABASE_URL: settings.DATABASE_URL,
      AWS_REGION: 'eu-west-1',
    });
    expect(line).toBe('cannot reach the queues/S3 at AWS eu-west-1 (AWS_REGION): host name lookup failed');
  });

  it('is null for what is not a connection failure', () => {
    const refusedStatement = Object.assign(new Error("Table 'sluice.sluice_runs' doesn't exist"), {
      code: 'ER_NO_SUCH_TABLE',
      fatal: false,
    });
    expect(describeConnectionFailure(refusedStatement, settings)).toBeNull();
    expect(describeConnectionFailure(new Error('no such run'), settings)).toBeNull();
    // A socket error from neither the warehouse nor the queues (a source API, say) is not theirs to name.
    expect(describeConnectionFailure(socketError('ECONNREFUSED', {}), settings)).toBeNull();
  });
});

describe('Function: explainConnectionFailure()', () => {
  it('suggests starting the local stack when an emulator endpoint is set', () => {
    // Act
    const line = explainConnectionFailure(socketError('ECONNREFUSED', { $metadata: {} }), settings);

    // Assess
    expect(line).toBe(
      'cannot reach the queues/S3 at http://127.0.0.1:4599 (AWS_ENDPOINT_URL): connection refused; is it running? `npx sluice stack up` starts the local stack',
    );
  });

  it('suggests nothing in AWS, where there is no local stack, and is null for other failures', () => {
    // Act
    const inAws = explainConnectionFailure(socketError('ETIMEDOUT', { fatal: true }), {
      DATABASE_URL: 'mysql://sluice@db.internal:3306/sluice',
    });

    // Assess
    expect(inAws).toBe('cannot reach the warehouse at db.internal:3306 (DATABASE_URL): connection timed out');
    expect(explainConnectionFailure(new Error('no such run'), settings)).toBeNull();
  });
});
