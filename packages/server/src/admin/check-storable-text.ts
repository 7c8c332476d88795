import { BadRequest } from '../errors/admin-errors.js';
import { findUnstorableText } from '../storage/storable-text.js';

/**
 * Throws {@link BadRequest} naming the first field of a body or query whose text is not
 * storable (a NUL, an unpaired surrogate): refusing it at the door answers both stores alike.
 */
export function checkStorableText(value: unknown): void {
  const found = findUnstorableText(value);
  if (!found) return;
  const field = found.path || 'body';
  throw new BadRequest(`${field}: must not contain ${found.problem}`, { field });
}
