/**
 * The field that marks a record of a database page as a row the source no longer has: its line in a
 * changes page is the row as the base snapshot last held it, with this field first. `$` cannot begin a
 * column name a pipeline file accepts, so no source row carries it.
 */
export const DELETED_RECORD = '$sluice_deleted';

/** A deleted row's record: the marker, then the row as it was. */
export const deletedRecordLine = (baseLine: string): string =>
  baseLine === '{}' ? `{"${DELETED_RECORD}":true}` : `{"${DELETED_RECORD}":true,${baseLine.slice(1)}`;

export const isDeletedRecord = (record: unknown): boolean =>
  typeof record === 'object' &&
  record !== null &&
  (record as Record<string, unknown>)[DELETED_RECORD] === true;
