import * as z from 'zod';

export const SQL_BASE_TYPES = [
  'varchar',
  'int',
  'bigint',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'json',
  'text',
] as const;
export type SqlBaseType = (typeof SQL_BASE_TYPES)[number];

const SQL_TYPE =
  /^(varchar)\((\d+)\)$|^(decimal)\((\d+),\s*(\d+)\)$|^(datetime)(?:\((\d)\))?$|^(int|bigint|boolean|date|json|text)$/;
const SHAPES = 'varchar(n), int, bigint, decimal(p,s), boolean, date, datetime, datetime(3), json or text';

/** `decimal(20,8)` → `decimal`. */
export const sqlBaseType = (type: string): SqlBaseType => type.replace(/\(.*$/, '') as SqlBaseType;

/** Limits MySQL and MariaDB both enforce, caught here rather than by a failed migration. */
const checkLimits = (type: string): string | null => {
  const match = SQL_TYPE.exec(type);
  // In a flow mapping (`{ type: decimal(38,8), nullable: true }`) YAML ends the value at the comma.
  if (/^decimal\(\d+$/.test(type)) {
    return `'${type}' lost its scale to YAML: inside { … } a comma ends the value, so quote it: '${type},…)'`;
  }
  if (!match) return `'${type}' is not a column type Sluice knows: ${SHAPES}`;
  const [, , length, , precision, scale, , fsp] = match;
  // utf8mb4 takes up to 4 bytes a character and a row at most 65,535 bytes: 16,383 characters.
  if (length !== undefined && (+length < 1 || +length > 16_383)) {
    return `varchar length must be 1-16383 (utf8mb4), not ${length}; use text for longer strings`;
  }
  if (precision !== undefined && (+precision < 1 || +precision > 65)) {
    return `decimal precision must be 1-65, not ${precision}`;
  }
  if (scale !== undefined && (+scale > 30 || +scale > Number(precision))) {
    return `decimal scale must be at most 30 and at most the precision, not ${scale}`;
  }
  if (fsp !== undefined && +fsp > 6) return `datetime fractional seconds must be 0-6, not ${fsp}`;
  return null;
};

export const SqlTypeSchema = z.string().superRefine((type, ctx) => {
  const problem = checkLimits(type);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
