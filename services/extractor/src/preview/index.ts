export type { PreviewedPage, PreviewPageOptions } from './preview-page.ts';
export { previewPage } from './preview-page.ts';
