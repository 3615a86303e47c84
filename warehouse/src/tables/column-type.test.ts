import { describe, expect, it } from 'vitest';
import { compareTypes, formatType, parseDeclaredType, parseLiveType } from './column-type.ts';

const live = (text: string) => formatType(parseLiveType(text));
const compare = (was: string, now: string) => compareTypes(parseLiveType(was), parseDeclaredType(now));

describe('Function: parseLiveType()', () => {
  it("reads MariaDB's and MySQL's spellings as the declared types", () => {
    expect(live('int(11)')).toBe('int');
    expect(live('int')).toBe('int');
    expect(live('bigint(20)')).toBe('bigint');
    expect(live('tinyint(1)')).toBe('boolean');
    expect(live('longtext')).toBe('json');
    expect(live('json')).toBe('json');
    expect(live('datetime(3)')).toBe('datetime(3)');
    expect(live('datetime')).toBe('datetime');
    expect(live('decimal(38,8)')).toBe('decimal(38,8)');
    expect(live('varchar(255)')).toBe('varchar(255)');
    expect(live('text')).toBe('text');
    expect(live('date')).toBe('date');
  });

  it('keeps types Sluice never declares as they are', () => {
    expect(parseLiveType('int(10) unsigned')).toEqual({ base: 'other', text: 'int(10) unsigned' });
    expect(parseLiveType('mediumtext')).toEqual({ base: 'other', text: 'mediumtext' });
    expect(parseLiveType('tinyint(4)')).toEqual({ base: 'other', text: 'tinyint(4)' });
  });
});

describe('Function: parseDeclaredType()', () => {
  it('reads every declared shape and refuses the rest', () => {
    expect(parseDeclaredType('decimal(38, 18)')).toEqual({ base: 'decimal', precision: 38, scale: 18 });
    expect(parseDeclaredType('datetime')).toEqual({ base: 'datetime', fsp: 0 });
    expect(parseDeclaredType('varchar(16)')).toEqual({ base: 'varchar', length: 16 });
    expect(() => parseDeclaredType('longtext')).toThrow(/not a column type/);
    expect(() => parseDeclaredType('varchar')).toThrow(/not a column type/);
  });
});

describe('Function: compareTypes()', () => {
  it('finds the same type under different spellings', () => {
    expect(compare('int(11)', 'int')).toBe('same');
    expect(compare('datetime', 'datetime(0)')).toBe('same');
    expect(compare('longtext', 'json')).toBe('same');
  });

  it('widens only where every existing value fits', () => {
    expect(compare('varchar(32)', 'varchar(64)')).toBe('wider');
    expect(compare('int(11)', 'bigint')).toBe('wider');
    expect(compare('decimal(20,8)', 'decimal(38,10)')).toBe('wider');
    expect(compare('decimal(20,8)', 'decimal(21,8)')).toBe('wider');
    expect(compare('datetime', 'datetime(3)')).toBe('wider');
    expect(compare('datetime(3)', 'datetime(6)')).toBe('wider');
  });

  it('refuses narrowing and every other change of type', () => {
    expect(compare('varchar(64)', 'varchar(32)')).toBe('refused');
    expect(compare('bigint(20)', 'int')).toBe('refused');
    expect(compare('decimal(20,8)', 'decimal(20,6)')).toBe('refused');
    // Two more decimals, but two fewer integer digits: 123456789012.5 would no longer fit.
    expect(compare('decimal(20,8)', 'decimal(20,10)')).toBe('refused');
    expect(compare('decimal(20,8)', 'decimal(22,12)')).toBe('refused');
    expect(compare('datetime(3)', 'datetime')).toBe('refused');
    expect(compare('varchar(255)', 'text')).toBe('refused');
    expect(compare('int(11)', 'varchar(11)')).toBe('refused');
    expect(compare('tinyint(1)', 'int')).toBe('refused');
    expect(compare('longtext', 'text')).toBe('refused');
    expect(compare('int(10) unsigned', 'bigint')).toBe('refused');
  });
});
