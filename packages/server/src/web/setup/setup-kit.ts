import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { AdminError } from '../../errors/admin-errors.js';
import type { Actor } from '../../setup/audit.js';
import type { Tenant } from '../../storage/records.js';
import type { CsrfGuard } from '../csrf.js';
import type { FieldErrors } from './components.js';
import type { Frame, Section } from './layout.js';
import { actorOf, ensureSetupCsrfBinding, type SetupPrincipal } from './setup-session.js';

/** The strict policy of every Setup page: only this server's stylesheet and script, no framing. */
export const SETUP_CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

export const SETUP_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': SETUP_CSP,
};

/** A urlencoded form: repeated names (checkboxes) become arrays. */
export type FormBody = Readonly<Record<string, string | readonly string[]>>;

export function formValue(body: unknown, name: string): string {
  const v = (body as FormBody | undefined)?.[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
}

export function formValues(body: unknown, name: string): string[] {
  const v = (body as FormBody | undefined)?.[name];
  return typeof v === 'string' ? [v] : Array.isArray(v) ? [...v] : [];
}

export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).headers(SETUP_PAGE_HEADERS).send(html);
}

/** A signed-in request at one tenant: what every tenant page needs. */
export interface TenantRequest {
  readonly principal: SetupPrincipal;
  readonly tenant: Tenant;
  readonly csrfToken: string;
  readonly actor: Actor;
  frame(title: string, section: Section, crumbs?: Frame['crumbs']): Frame;
}

export function tenantRequest(
  ctx: AppContext,
  csrf: CsrfGuard,
  request: FastifyRequest,
  reply: FastifyReply,
  principal: SetupPrincipal,
  tenant: Tenant,
): TenantRequest {
  const csrfToken = csrf.tokenFor(ensureSetupCsrfBinding(ctx, request, reply));
  const viewer = {
    label: principal.kind === 'operator' ? 'Operator' : principal.user.username,
    isOperator: principal.kind === 'operator',
    tenantName: tenant.name,
    subdomain: tenant.subdomain,
  };
  return {
    principal,
    tenant,
    csrfToken,
    actor: actorOf(principal, request),
    frame: (title, section, crumbs) => ({ title, csrfToken, viewer, section, crumbs }),
  };
}

/**
 * A service's refusal as field errors: `scopes.3` belongs to the field `scopes`, and so on.
 * Anything that is not a domain error is rethrown (the error page logs it).
 */
export function fieldErrorsOf(err: unknown, fallbackField: string): FieldErrors {
  if (!(err instanceof AdminError)) throw err;
  const path = (err.field ?? fallbackField).split('.');
  const field = path[0] || fallbackField;
  // Service messages start with the field path ("redirectUris.2: …"): the page shows the
  // message next to the field, and which entry of a list it is about.
  const index = path[1] !== undefined && /^\d+$/.test(path[1]) ? Number(path[1]) + 1 : undefined;
  const message = err.message.replace(/^[A-Za-z]+(\.[A-Za-z0-9]+)*: /, '');
  // Lists are typed one entry per line (redirect URIs).
  if (index !== undefined) return { [field]: `Line ${index}: ${message}` };
  return { [field]: message.charAt(0).toUpperCase() + message.slice(1) };
}
