import { unparsedValue } from '@sluice/contracts';
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
    ['$1,299.00', 1299],
    ['22 min', 22],
    ['1,234', 1234],
  ])('to_number reads %j as %j', (text, expected) => {
    expect(applyCleanSteps(text, ['to_number'])).toBe(expected);
  });

  it.each(['', '   '])('to_number gives null for an empty cell (%j)', (text) => {
    expect(applyCleanSteps(text, ['to_number'])).toBeNull();
  });

  it.each(['TBA', '0x1A', 'Infinity', '1e999', 'NaN', '1,2', '2026-12-03'])(
    'to_number leaves %j unread, for the transformer to reject naming the step',
    (text) => {
      expect(applyCleanSteps(text, ['to_number'])).toEqual(unparsedValue('to_number', text));
    },
  );

  it('reads a decimal comma when told, thousands grouped by dots', () => {
    expect(applyCleanSteps('1.299,50 €', [{ to_number: { decimal: ',' } }])).toBe(1299.5);
    expect(applyCleanSteps('12,5', [{ to_number: { decimal: ',' } }])).toBe(12.5);
  });

  it('replaces every match, keeps a capture group, and turns the listed texts into null', () => {
    expect(applyCleanSteps('a-b-c', [{ replace: { pattern: '-', with: ' ' } }])).toBe('a b c');
    expect(applyCleanSteps('SKU: AB-12 (new)', [{ regex: 'SKU: (\\S+)' }])).toBe('AB-12');
    expect(applyCleanSteps('no sku here', [{ regex: 'SKU: (\\S+)' }])).toEqual(
      unparsedValue('regex SKU: (\\S+)', 'no sku here'),
    );
    expect(applyCleanSteps(' tba ', [{ null_if: ['TBA', 'n/a'] }, 'to_number'])).toBeNull();
    expect(applyCleanSteps(' 42 ', [{ null_if: ['TBA'] }, 'to_number'])).toBe(42);
  });

  it('keeps null through every step, and leaves a number alone in text steps after to_number', () => {
    expect(applyCleanSteps(null, ['trim', 'to_number', 'lowercase'])).toBeNull();
    expect(applyCleanSteps(' 22 ', ['to_number', 'trim', 'uppercase'])).toBe(22);
  });
});
