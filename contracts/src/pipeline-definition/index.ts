export type { AllowedHost } from './allowed-hosts.ts';
export { AllowedHostsSchema, parseAllowedHost } from './allowed-hosts.ts';
export { capturedCursorOf, isIncrementalResource } from './capture.ts';
export { cursorColumnOf } from './check-history.ts';
export {
  COMPILED_PIPELINES_FILE,
  readCompiledPipelines,
  writeCompiledPipelines,
} from './compiled-pipelines.ts';
export { credentialVariablesOf } from './credential-variables.ts';
export type { PathIssue } from './describe-issues.ts';
export { describeIssues, formatPath } from './describe-issues.ts';
export type { DeclaredTable, DestinationColumn, DestinationTable } from './destination.ts';
export {
  DeclaredTableSchema,
  DestinationSchema,
  DestinationTableSchema,
  HISTORY_WRITE_MODES,
  WRITE_MODES,
} from './destination.ts';
export type { ResolvedDestination } from './destination-columns.ts';
export { derivedColumnOf, resolveDestination } from './destination-columns.ts';
export type { FactDeclaration, Scd2Declaration } from './destination-history.ts';
export { MISSING_MEMBER, VALID_FROM } from './destination-history.ts';
export { pathReader, recordsOfPage, recordsPathOf, valueAtPath } from './page-records.ts';
export type { Incremental, PipelineDefinition } from './pipeline.ts';
export { IncrementalSchema, PipelineDefinitionSchema, SourceSchema } from './pipeline.ts';
export type { PipelineDraft, PipelineDraftResult, ResourceMapping } from './read-pipeline-draft.ts';
export { parsePipelineDraft } from './read-pipeline-draft.ts';
export type { PipelineFileError, PipelineFileResult } from './read-pipeline-file.ts';
export {
  formatPipelineFileError,
  loadPipelines,
  parsePipelineYaml,
} from './read-pipeline-file.ts';
export { ScheduleSchema } from './schedule.ts';
export type { CleanStep, HtmlResource, HtmlSource } from './source-html.ts';
export { CLEAN_STEPS, CleanStepSchema, HtmlSourceSchema } from './source-html.ts';
export type { MysqlResource, MysqlSource } from './source-mysql.ts';
export { CAPTURE_MODES, MysqlIdentifierSchema, MysqlSourceSchema } from './source-mysql.ts';
export type { Pagination, RestSource } from './source-rest.ts';
export { AuthSchema, PaginationSchema, RestSourceSchema } from './source-rest.ts';
export type { SqlBaseType } from './sql-type.ts';
export { SQL_BASE_TYPES, sqlBaseType } from './sql-type.ts';
export type { MappingRole, ModuleTable, TableMapping } from './table-mappings.ts';
export { moduleTablesOf, tableMappingsOf } from './table-mappings.ts';
export { MissingVariableError, resolveTemplate, templateVariables } from './template.ts';
export type { ChildTable, ColumnMapping, EntityLink, ResourceTransform, ValueType } from './transform.ts';
export { ResourceTransformSchema, VALUE_TYPES } from './transform.ts';
export type { UnsetVariable } from './unset-variables.ts';
export { unsetVariablesOf } from './unset-variables.ts';
export { DEFAULT_COLUMN_TYPES, FITTING_COLUMN_TYPES } from './value-columns.ts';
