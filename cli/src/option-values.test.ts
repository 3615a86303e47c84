import { describe, expect, it } from 'vitest';
import { countOption, OptionValueError, portOption } from './option-values.ts';

describe('Function: portOption()', () => {
  it('takes a port, and 0 or nothing for any free port', () => {
    expect(portOption('8787')).toBe(8787);
    expect(portOption('0')).toBe(0);
    expect(portOption(undefined)).toBe(0);
  });

  it('names the option and what it takes when the value is not a port', () => {
    expect(() => portOption('abc')).toThrow(OptionValueError);
    expect(() => portOption('abc')).toThrow(
      '--port abc is not a port: give a number from 0 to 65535 (0: any free port)',
    );
    expect(() => portOption('70000')).toThrow(/--port 70000 is not a port/);
    expect(() => portOption('-1')).toThrow(/--port -1 is not a port/);
  });
});

describe('Function: countOption()', () => {
  it('takes a whole number and refuses anything else, naming the option', () => {
    expect(countOption('2000', '--characters')).toBe(2000);
    expect(() => countOption('2k', '--characters')).toThrow(
      '--characters 2k is not a count: give a whole number of at least 1',
    );
    expect(() => countOption('0', '--characters')).toThrow(/at least 1/);
  });
});
