export type { DraftSourceOptions, SourceDraft } from './draft-source.ts';
export { draftSource } from './draft-source.ts';
export type { PreviewedPage, PreviewPageOptions } from './preview-page.ts';
export { previewPage } from './preview-page.ts';
