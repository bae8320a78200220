import { refresh } from "./assembly.js";
import { requireOrganization } from "./organizations.js";
import type { Platform } from "./platform.js";

/**
 * Every `everyMs`, refreshes the materialized entity sets that have a refresh rate, have data changes, no
 * unsynchronized data-model change, and whose last refresh is older than their rate (as the 2020 server's
 * background task did every minute). Returns a function that stops it.
 */
export function scheduleRefreshes(
  platform: Platform,
  everyMs: number,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const { rows } = await platform.db.pool.query<{ organization_id: string; entity_set_id: string }>(
      `SELECT organization_id, entity_set_id FROM materialized_entity_sets
       WHERE refresh_rate_ms IS NOT NULL AND 'DATA_UNSYNCHRONIZED' = ANY(flags) AND NOT 'EDM_UNSYNCHRONIZED' = ANY(flags)
         AND last_refresh + refresh_rate_ms * interval '1 millisecond' <= now()`,
    );
    for (const row of rows)
      await refresh(platform, await requireOrganization(platform.db.pool, row.organization_id), row.entity_set_id);
  };
  const timer = setInterval(() => {
    running = running.then(tick).catch(onError);
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
