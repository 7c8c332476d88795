import { BadRequest } from '../errors/admin-errors.js';

/**
 * Throws {@link BadRequest} naming the first field whose text holds a NUL character. No id,
 * name or description needs one, and PostgreSQL refuses it in text (a driver error, i.e. a 500,
 * where SQLite would store it): refusing it at the door answers both stores alike.
 */
export function checkNoNulCharacter(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      const field = path || 'body';
      throw new BadRequest(`${field}: must not contain a NUL character`, { field });
    }
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkNoNulCharacter(item, `${path}[${i}]`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      checkNoNulCharacter(key, path);
      checkNoNulCharacter(item, path ? `${path}.${key}` : key);
    }
  }
}
