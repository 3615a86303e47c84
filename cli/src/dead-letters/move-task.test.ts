import { describe, expect, it } from 'vitest';
import { isUnsupportedOperation } from './move-task.ts';

describe('Function: isUnsupportedOperation()', () => {
  const withStatus = (error: Error, httpStatusCode: number) =>
    Object.assign(error, { $metadata: { httpStatusCode } });
  const named = (name: string) => Object.assign(new Error('no'), { name });

  it('recognises an endpoint without move tasks: SQS error names, or moto’s HTML 500 page', () => {
    expect(isUnsupportedOperation(named('UnsupportedOperation'))).toBe(true);
    expect(isUnsupportedOperation(named('InvalidAction'))).toBe(true);
    expect(isUnsupportedOperation(withStatus(new SyntaxError("Unexpected token '<'"), 500))).toBe(true);
  });

  it('does not mistake other failures for it', () => {
    expect(isUnsupportedOperation(named('ResourceNotFoundException'))).toBe(false);
    expect(isUnsupportedOperation(withStatus(named('InternalError'), 500))).toBe(false);
    expect(isUnsupportedOperation('UnsupportedOperation')).toBe(false);
  });
});
