export type { TransformModule, TransformModules } from '../modules/index.ts';
export { compileResourceTransform } from './compile-resource-transform.ts';
export type { PageRows, RejectedRecord, ResourceTransformer, Row, SqlValue } from './page-rows.ts';
