import { inArray } from 'drizzle-orm';
import { sluiceLoadLedger } from '../schema.ts';
import type { Executor } from '../upsert.ts';

/** What identifies one load of a page: an object key (or page key) and the hash of what it held. */
export interface LoadClaim {
  objectKey: string;
  etag: string;
  runId: string;
}

/**
 * Claims each load in the ledger, inside the transaction that writes its rows; returns the claims made
 * now (the others were loaded before). A claim alone is made with INSERT IGNORE; several at once are
 * looked up first and inserted plainly, so that a claim another loader made in between fails the
 * transaction (and each page then loads alone) instead of being counted as ours.
 */
export const claimLoads = async <C extends LoadClaim>(
  tx: Executor,
  claims: readonly C[],
  loadedAt: string,
): Promise<Set<C>> => {
  const [only] = claims;
  if (claims.length === 1 && only) {
    const [claim] = await tx
      .insert(sluiceLoadLedger)
      .ignore()
      .values({ objectKey: only.objectKey, etag: only.etag, runId: only.runId, loadedAt });
    return new Set(claim.affectedRows > 0 ? [only] : []);
  }
  const known = await tx
    .select({ objectKey: sluiceLoadLedger.objectKey, etag: sluiceLoadLedger.etag })
    .from(sluiceLoadLedger)
    .where(
      inArray(
        sluiceLoadLedger.objectKey,
        claims.map(({ objectKey }) => objectKey),
      ),
    );
  const loaded = new Set(known.map(({ objectKey, etag }) => `${objectKey} ${etag}`));
  const fresh = claims.filter((claim) => {
    const id = `${claim.objectKey} ${claim.etag}`;
    if (loaded.has(id)) return false;
    loaded.add(id);
    return true;
  });
  if (fresh.length > 0) {
    await tx
      .insert(sluiceLoadLedger)
      .values(fresh.map(({ objectKey, etag, runId }) => ({ objectKey, etag, runId, loadedAt })));
  }
  return new Set(fresh);
};
