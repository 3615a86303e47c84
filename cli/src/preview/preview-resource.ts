import type { PipelineDraft } from '@sluice/contracts/pipeline-definition';
import type { PagePreview, PreviewMapping } from './format-preview.ts';

/** Applies the resource's mapping, when the draft has a valid one, with the transformer's own code. */
const applyMapping = async (
  draft: PipelineDraft,
  resource: string,
  records: unknown[],
): Promise<PreviewMapping> => {
  const mapping = draft.mappings[resource] ?? { status: 'missing' };
  if (mapping.status !== 'valid') return mapping;
  // Loaded only here: the CLI runs no transform otherwise.
  const { compileResourceTransform } = await import('@sluice/transformer/mapping');
  const { tables, rejected } = compileResourceTransform(mapping.pipeline, resource).transformPage(records);
  return { status: 'applied', tables, rejected };
};

/**
 * Page `page` of a resource, fetched with the extractor's own page source (nothing staged, no stack
 * needed), and what the resource's mapping makes of its records. `variables` resolve the file's `${…}`.
 */
export const previewResource = async (
  draft: PipelineDraft,
  resource: string,
  page: number,
  variables: Record<string, string | undefined>,
): Promise<PagePreview> => {
  // Loaded only here: other commands start no page source.
  const { previewPage } = await import('@sluice/extractor/preview');
  const fetched = await previewPage({ name: draft.name, source: draft.source }, resource, {
    page,
    env: variables,
  });
  return {
    pipeline: draft.name,
    resource,
    sourceType: draft.source.type,
    page,
    url: fetched.url,
    nextUrl: fetched.nextUrl,
    pagesTotal: fetched.pagesTotal,
    records: fetched.records,
    mapping: await applyMapping(draft, resource, fetched.records),
  };
};
