/**
 * A column type as numbers and an allow-listed name, so DDL is never built from declared text and the
 * live database's spelling (`int(11)`, `tinyint(1)`, `longtext`) compares with the declaration's.
 */
export type ColumnType =
  | { base: 'varchar'; length: number }
  | { base: 'decimal'; precision: number; scale: number }
  | { base: 'datetime'; fsp: number }
  | { base: 'int' | 'bigint' | 'boolean' | 'date' | 'json' | 'text' }
  /** A live type Sluice never declares (`mediumtext`, `int unsigned`…): compared as text, never widened. */
  | { base: 'other'; text: string };

export type DeclarableType = Exclude<ColumnType, { base: 'other' }>;

const PLAIN = ['int', 'bigint', 'boolean', 'date', 'json', 'text'] as const;
const isPlain = (name: string): name is (typeof PLAIN)[number] => (PLAIN as readonly string[]).includes(name);

const parseCommon = (text: string): DeclarableType | null => {
  const sized = /^(varchar|decimal|datetime)(?:\((\d+)(?:,\s*(\d+))?\))?$/.exec(text);
  if (sized) {
    const [, base, first, second] = sized;
    if (base === 'varchar' && first !== undefined && second === undefined) return { base, length: +first };
    if (base === 'decimal' && first !== undefined && second !== undefined) {
      return { base, precision: +first, scale: +second };
    }
    if (base === 'datetime' && second === undefined) return { base, fsp: Number(first ?? 0) };
    return null;
  }
  return isPlain(text) ? { base: text } : null;
};

/** A type as the pipeline declares it (already checked by `SqlTypeSchema`). */
export const parseDeclaredType = (text: string): DeclarableType => {
  const type = parseCommon(text.trim().toLowerCase());
  if (!type) throw new Error(`'${text}' is not a column type Sluice declares`);
  return type;
};

/** A type as information_schema.COLUMNS.COLUMN_TYPE reports it, on MariaDB or MySQL 8. */
export const parseLiveType = (columnType: string): ColumnType => {
  const text = columnType.trim().toLowerCase();
  // MariaDB and MySQL 5.7 print display widths (`int(11)`, `bigint(20)`) that mean nothing to storage.
  const integer = /^(int|bigint)(?:\(\d+\))?$/.exec(text)?.[1];
  if (integer === 'int' || integer === 'bigint') return { base: integer };
  // `boolean` is an alias: both servers create tinyint(1).
  if (text === 'tinyint(1)') return { base: 'boolean' };
  // MariaDB's JSON is LONGTEXT with a json_valid() check; Sluice never declares longtext otherwise.
  if (text === 'longtext') return { base: 'json' };
  return parseCommon(text) ?? { base: 'other', text: columnType };
};

/** The canonical spelling, which is also the DDL: only ever built from the allow-listed shapes above. */
export const formatType = (type: ColumnType): string => {
  switch (type.base) {
    case 'varchar':
      return `varchar(${type.length})`;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'datetime':
      return type.fsp > 0 ? `datetime(${type.fsp})` : 'datetime';
    case 'other':
      return type.text;
    default:
      return type.base;
  }
};

/**
 * How a live column's type relates to the declared one: the same, a widening every existing value fits
 * (so MODIFY COLUMN cannot lose or reject data), or anything else, which Sluice will not do by itself.
 */
export const compareTypes = (live: ColumnType, declared: ColumnType): 'same' | 'wider' | 'refused' => {
  if (formatType(live) === formatType(declared)) return 'same';
  if (live.base === 'varchar' && declared.base === 'varchar') {
    return declared.length > live.length ? 'wider' : 'refused';
  }
  if (live.base === 'int' && declared.base === 'bigint') return 'wider';
  if (live.base === 'decimal' && declared.base === 'decimal') {
    const keepsDigits =
      declared.scale >= live.scale && declared.precision - declared.scale >= live.precision - live.scale;
    return keepsDigits ? 'wider' : 'refused';
  }
  if (live.base === 'datetime' && declared.base === 'datetime') {
    return declared.fsp > live.fsp ? 'wider' : 'refused';
  }
  return 'refused';
};
