import { describe, expect, it } from 'vitest';
import { applyCleanSteps } from './html-clean.ts';

describe('Function: applyCleanSteps()', () => {
  it('leaves the value as it is without steps', () => {
    expect(applyCleanSteps('  Pilot \n')).toBe('  Pilot \n');
  });

  it('applies the steps in their order', () => {
    // Prepare
    const html = '  <b>Rick</b>\n  &amp;   Morty  ';

    // Act
    const stripFirst = applyCleanSteps(html, ['strip_html', 'collapse_whitespace', 'trim', 'uppercase']);
    const lowerOnly = applyCleanSteps(html, ['lowercase']);

    // Assess
    expect(stripFirst).toBe('RICK & MORTY');
    expect(lowerOnly).toBe('  <b>rick</b>\n  &amp;   morty  ');
  });

  it('collapses and trims the non-breaking space an &nbsp; decodes to', () => {
    expect(applyCleanSteps('\u00a0Café\u00a0\u00a0Night\u00a0', ['collapse_whitespace', 'trim'])).toBe(
      'Café Night',
    );
  });

  it('strips tags by parsing, so entities are decoded and a > in an attribute does not end the tag', () => {
    expect(applyCleanSteps('<a title="a > b">Rick&#39;s <i>caf&eacute;</i></a>', ['strip_html'])).toBe(
      "Rick's café",
    );
  });

  it.each([
    ['22', 22],
    [' 22\n', 22],
    ['-1.5', -1.5],
    ['.5', 0.5],
    ['1e3', 1000],
  ])('to_number reads %j as %j', (text, expected) => {
    expect(applyCleanSteps(text, ['to_number'])).toBe(expected);
  });

  it.each(['', '   ', 'TBA', '22 min', '0x1A', 'Infinity', '1,234', '1e999', 'NaN'])(
    'to_number gives null for %j, which is not a number',
    (text) => {
      expect(applyCleanSteps(text, ['to_number'])).toBeNull();
    },
  );

  it('keeps null through every step, and leaves a number alone in text steps after to_number', () => {
    expect(applyCleanSteps(null, ['trim', 'to_number', 'lowercase'])).toBeNull();
    expect(applyCleanSteps(' 22 ', ['to_number', 'trim', 'uppercase'])).toBe(22);
  });
});
