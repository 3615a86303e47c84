import { describe, expect, it } from 'vitest';
import { SourceError } from '../source-errors.ts';
import { sourceDatabaseError } from './mysql-errors.ts';

const CONTEXT = { pipeline: 'shop', variable: 'SHOP_DATABASE_URL', table: 'payment' };

/** An error shaped as mysql2 raises them: a code, and for the server's refusals a sqlMessage. */
const mysqlError = (code: string, message: string, sqlMessage?: string) =>
  Object.assign(new Error(message), { code, ...(sqlMessage ? { sqlMessage } : {}) });

describe('Function: sourceDatabaseError()', () => {
  it('makes a refused connection retryable, naming the variable and never the URL', () => {
    // Act
    const error = sourceDatabaseError(
      mysqlError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:3306'),
      CONTEXT,
    );

    // Assess
    expect(error).toBeInstanceOf(SourceError);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the message names the variable as the file does
      'cannot use the source database of pipeline shop (connection from ${SHOP_DATABASE_URL}): ECONNREFUSED',
    );
  });

  it('retries a refused login too: a rotated secret heals on its own', () => {
    const refused = mysqlError(
      'ER_ACCESS_DENIED_ERROR',
      "Access denied for user 'shop'@'10.0.0.9' (using password: YES)",
      'Access denied',
    );
    expect(sourceDatabaseError(refused, CONTEXT).retryable).toBe(true);
  });

  it('does not retry a query the server refuses, and names the table', () => {
    const error = sourceDatabaseError(
      mysqlError('ER_BAD_FIELD_ERROR', "Unknown column 'last_update' in 'where clause'", 'Unknown column'),
      CONTEXT,
    );
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/refused a query on table payment: ER_BAD_FIELD_ERROR Unknown column/);
  });

  it('passes a SourceError through as it is', () => {
    const original = new SourceError('already said', { retryable: false });
    expect(sourceDatabaseError(original, CONTEXT)).toBe(original);
  });
});
