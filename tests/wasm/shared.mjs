// ../shared, beside the checkout, holds the sample issues and the corpus. A
// test that reads it skips, visibly, where it is absent; under CI=true its
// absence is a failure, so CI can never pass by skipping.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_DIR = path.resolve(fileURLToPath(new URL('../../../shared/', import.meta.url)));

/**
 * The absolute path of ../shared/<parts>, or null after marking the test
 * context `t` skipped (with the reason in the report). Throws under CI=true.
 */
export function sharedPath(t, ...parts) {
  const wanted = path.join(SHARED_DIR, ...parts);
  if (existsSync(wanted)) return wanted;
  if (process.env.CI === 'true') throw new Error(`${wanted} is missing, and CI=true requires it`);
  t.skip(`SKIPPED: ${wanted} is missing (it lives beside the checkout)`);
  return null;
}
