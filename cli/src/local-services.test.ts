import { describe, expect, it } from 'vitest';
import { refusalIn } from './local-services.ts';

describe('Function: refusalIn()', () => {
  it("finds the service's fatal line among its last lines", () => {
    const lines = [
      '{"level":30,"msg":"starting"}',
      '{"level":60,"service":"loader","msg":"refused to start: invalid pipeline file pipelines/bad.yaml:3:3 source.type: not \'soap\'"}',
    ];
    expect(refusalIn(lines)).toBe(
      "refused to start: invalid pipeline file pipelines/bad.yaml:3:3 source.type: not 'soap'",
    );
  });

  it('is null for a service that died without saying why (a stack trace)', () => {
    expect(
      refusalIn(['file:///x.ts:1', '    throw error;', 'Error: boom', '{"level":30,"msg":"polling"}']),
    ).toBeNull();
  });
});
