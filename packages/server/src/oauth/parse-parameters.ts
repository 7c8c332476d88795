import { InvalidRequest, UNSUPPORTED_MEDIA_TYPE } from '../errors/oauth-errors.js';

/** Request parameters of an OAuth endpoint after parsing: every value a single string. */
export type OAuthParameters = Readonly<Record<string, string>>;

/**
 * Parses an `application/x-www-form-urlencoded` body. RFC 6749 §3.1: parameters must not be
 * included more than once, so a repeated name is refused instead of silently picking one.
 */
export function parseFormParameters(body: string): OAuthParameters {
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    if (name in out)
      throw new InvalidRequest(`The parameter "${safeName(name)}" is included more than once.`);
    out[name] = value;
  }
  return out;
}

/**
 * Normalises a parsed body (JSON object or form parameters) into string parameters. JSON may
 * carry numbers (Marketing Cloud documents `account_id` as a number); objects, arrays and
 * booleans are refused with the parameter named.
 */
export function toOAuthParameters(body: unknown): OAuthParameters {
  if (body === undefined || body === null) return Object.create(null);
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidRequest('The request body must be a JSON object or form parameters.');
  }
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') out[name] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) out[name] = String(value);
    else if (value === null) continue;
    else throw new InvalidRequest(`The parameter "${safeName(name)}" must be a string.`);
  }
  return out;
}

/**
 * Parses a JSON body. Plain JSON.parse is enough: the values are copied into a null-prototype
 * parameter map right after ({@link toOAuthParameters}), so prototype keys cannot pollute anything.
 * JSON.parse keeps the last of repeated members; like a repeated form parameter (RFC 6749 §3.1),
 * a repeated member is refused instead.
 */
export function parseJsonBody(body: string): unknown {
  if (body === '') throw new InvalidRequest('The JSON body is empty.');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new InvalidRequest('The request body is not valid JSON.');
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    checkNoRepeatedMember(body, value);
  return value;
}

/**
 * Cheap in the common case: a flat object whose values hold no `":` has exactly one `":` per
 * member, so equal counts prove there was no repeat. Anything else gets an exact scan.
 */
function checkNoRepeatedMember(body: string, value: object): void {
  const members = Object.keys(value).length;
  let separators = 0;
  for (let i = body.indexOf('":'); i !== -1; i = body.indexOf('":', i + 2)) separators++;
  if (separators === members) return;
  const seen = new Set<string>();
  for (const name of topLevelMemberNames(body)) {
    if (seen.has(name))
      throw new InvalidRequest(`The parameter "${safeName(name)}" is included more than once.`);
    seen.add(name);
  }
}

/** Member names of the outermost object of a JSON text that JSON.parse has already accepted. */
function topLevelMemberNames(json: string): string[] {
  const names: string[] = [];
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      if (depth === 1) {
        let next = end + 1;
        while (json[next] === ' ' || json[next] === '\t' || json[next] === '\n' || json[next] === '\r')
          next++;
        if (json[next] === ':') names.push(JSON.parse(json.slice(i, end + 1)) as string);
      }
      i = end;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return names;
}

/** Parses a body of one of the two media types OAuth endpoints accept (PRODUCT.md §4). */
export function parseOAuthBody(contentType: string | undefined, body: string): unknown {
  if (contentType === 'application/json') return parseJsonBody(body); // the common case, as sent
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return parseJsonBody(body);
  if (mediaType === 'application/x-www-form-urlencoded') return parseFormParameters(body);
  if (mediaType === undefined && body === '') return undefined;
  throw new InvalidRequest(UNSUPPORTED_MEDIA_TYPE);
}

/** Parameter names are echoed in errors; keep them short and printable. */
function safeName(name: string): string {
  return name.replace(/[^\w.-]/g, '?').slice(0, 40);
}

/** Reads a required parameter or throws `invalid_request` naming it. */
export function requireParameter(params: OAuthParameters, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw new InvalidRequest(`The "${name}" parameter is required.`);
  return value;
}
