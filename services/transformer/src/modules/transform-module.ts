import type { PageRows } from '../mapping/page-rows.ts';

/**
 * A transform written in TypeScript, for records a mapping cannot describe (`transform.<resource>.module`).
 * It validates its records itself, rejects the invalid ones with a reason, and returns the rows of the
 * tables it writes; the pipeline file lists those tables (`tables`) so that the destination can be checked.
 */
export interface TransformModule {
  transformPage(records: unknown[]): Omit<PageRows, 'cursor'>;
}

/** Modules by the name a pipeline file gives them (kebab-case). */
export type TransformModules = Record<string, TransformModule>;
