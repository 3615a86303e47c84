import {
  ContractError,
  type PageTransformed,
  ProcessedObjectSchema,
  type ProcessedPage,
  parseJson,
  sha256Hex,
  stagingKey,
} from '@sluice/contracts';
import { getStagedObject, onceByKey } from '@sluice/runtime';
import type { LoadClaim } from '@sluice/warehouse';
import type { LoaderDeps } from './load-messages.ts';

export interface StagedPage {
  message: PageTransformed;
  page: ProcessedPage;
  /** What the load ledger records for the page: with the key, it identifies what was loaded. */
  claim: LoadClaim;
}

/**
 * The messages' pages, each object read once however many of them it holds. A page of a shared object
 * is claimed under its own page key and a hash of its rows, so that a page transformed again (and
 * grouped with other pages this time) is still recognised as loaded; a lone page object, as earlier
 * versions wrote them, is claimed by its key and ETag as before.
 */
export const readProcessedPages = async (
  messages: PageTransformed[],
  deps: LoaderDeps,
): Promise<StagedPage[]> => {
  const objectAt = onceByKey((key) => readProcessedObject(key, deps));
  return Promise.all(
    messages.map(async (message) => {
      const object = await objectAt(message.processedKey);
      const page = object.pages.find(
        (candidate) =>
          candidate.runId === message.runId &&
          candidate.resource === message.resource &&
          candidate.page === message.page,
      );
      if (!page) {
        const held = object.pages.map(
          (candidate) => `${candidate.runId}/${candidate.resource}/${candidate.page}`,
        );
        throw new ContractError(
          `processed object ${message.processedKey} holds page ${held.join(', ')}, not ${message.runId}/${message.resource}/${message.page}`,
          { key: message.processedKey },
        );
      }
      const claim = object.grouped
        ? {
            objectKey: stagingKey('processed', message),
            etag: sha256Hex(JSON.stringify(page)),
            runId: message.runId,
          }
        : { objectKey: message.processedKey, etag: object.etag, runId: message.runId };
      return { message, page, claim };
    }),
  );
};

const readProcessedObject = async (key: string, deps: LoaderDeps) => {
  const object = await getStagedObject(deps.s3, deps.bucket, key);
  return { etag: object.etag, ...parseJson(ProcessedObjectSchema, object.body, `processed object ${key}`) };
};
