import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { NotFound } from '../../errors/admin-errors.js';
import {
  createDataExtension,
  DuplicateDataExtension,
  InvalidDefinition,
} from '../../resources/data-extensions/define-data-extension.js';
import { baseUrisFor } from '../../setup/tenants/base-uris.js';
import type { AuditEvent } from '../../storage/records.js';
import type { FieldErrors } from './components.js';
import {
  FIELD_ROWS,
  type FieldRowValues,
  renderAuditPage,
  renderDataExtensionPage,
  renderDataExtensionsPage,
  renderNewDataExtensionPage,
} from './data-pages.js';
import { formValue, sendPage, type TenantRequest } from './setup-kit.js';

type Sub = { Params: { sub: string } };
type DeParams = { Params: { sub: string; mid: string; id: string } };

const hide = { schema: { hide: true } };
const parseMid = (text: string | undefined) => (text && /^\d{1,12}$/.test(text) ? Number(text) : undefined);

/** How many rows a Data Extension page shows; the APIs page through the rest. */
const FIRST_ROWS = 50;
const AUDIT_PAGE = 50;

/** Data Extensions (list per BU, create with fields, first rows) and the Audit Log. */
export function registerDataRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  tenantOf: (request: FastifyRequest) => TenantRequest,
): void {
  const crumbs = (t: TenantRequest) =>
    [['Data Extensions', `/setup/${t.tenant.subdomain}/data-extensions`]] as const;

  app.get<Sub & { Querystring: { mid?: string } }>('/:sub/data-extensions', hide, async (request, reply) => {
    const t = tenantOf(request);
    const mid = parseMid(request.query.mid);
    const items = await ctx.store.dataExtensions.listDataExtensions(t.tenant.id, mid);
    const units = await ctx.store.tenants.listBusinessUnits(t.tenant.id);
    const frame = t.frame('Data Extensions', 'data-extensions', [['Data Extensions']]);
    return sendPage(
      reply,
      200,
      renderDataExtensionsPage({ frame, sub: t.tenant.subdomain, units, mid, items }),
    );
  });

  const newPage = async (
    t: TenantRequest,
    values: Parameters<typeof renderNewDataExtensionPage>[0]['values'],
    errors: FieldErrors,
  ) =>
    renderNewDataExtensionPage({
      frame: t.frame('Create Data Extension', 'data-extensions', [...crumbs(t), ['Create']]),
      sub: t.tenant.subdomain,
      units: await ctx.store.tenants.listBusinessUnits(t.tenant.id),
      values,
      errors,
    });

  app.get<Sub>('/:sub/data-extensions/new', hide, async (request, reply) => {
    const t = tenantOf(request);
    const fields = [{ name: 'Id', type: 'Text', length: '50', isPrimaryKey: true, isRequired: true }];
    return sendPage(reply, 200, await newPage(t, { name: '', key: '', mid: t.tenant.eid, fields }, {}));
  });

  app.post<Sub>('/:sub/data-extensions/new', hide, async (request, reply) => {
    const t = tenantOf(request);
    const body = request.body;
    const fields: FieldRowValues[] = [];
    for (let i = 0; i < FIELD_ROWS; i++) {
      fields.push({
        name: formValue(body, `field${i}.name`).trim(),
        type: formValue(body, `field${i}.type`),
        length: formValue(body, `field${i}.length`).trim(),
        isPrimaryKey: formValue(body, `field${i}.isPrimaryKey`) === 'true',
        isRequired: formValue(body, `field${i}.isRequired`) === 'true',
      });
    }
    const values = {
      name: formValue(body, 'name').trim(),
      key: formValue(body, 'key').trim(),
      mid: parseMid(formValue(body, 'mid')),
      fields,
    };
    const errors: Record<string, string> = {};
    if (!values.name || values.name.length > 128)
      errors.name = values.name ? 'Use at most 128 characters.' : 'Enter a name.';
    if (!values.key || values.key.length > 200)
      errors.key = values.key ? 'Use at most 200 characters.' : 'Enter an external key.';
    const mid = values.mid;
    if (mid === undefined || !(await ctx.store.tenants.findBusinessUnit(t.tenant.id, mid)))
      errors.mid = 'Choose a business unit.';
    const used = fields.filter((f) => f.name !== '');
    if (used.length === 0) errors.fields = 'Add at least one field.';
    const badLength = used.find(
      (f) => f.length !== '' && !(f.type === 'Decimal' ? /^\d{1,2},\d{1,2}$/ : /^\d{1,4}$/).test(f.length),
    );
    if (badLength) {
      errors.fields =
        badLength.type === 'Decimal'
          ? `Field ${badLength.name}: give a Decimal's size as precision,scale, for example 18,2.`
          : `Field ${badLength.name}: the length must be a whole number from 1 to 4000.`;
    }
    if (Object.keys(errors).length > 0 || mid === undefined)
      return sendPage(reply, 400, await newPage(t, values, errors));
    try {
      const de = await createDataExtension(
        ctx.store,
        t.actor,
        t.tenant.id,
        {
          mid,
          name: values.name,
          key: values.key,
          fields: used.map((f) => ({
            name: f.name,
            type: f.type,
            ...(f.length && f.type === 'Decimal'
              ? { precision: Number(f.length.split(',')[0]), scale: Number(f.length.split(',')[1]) }
              : f.length
                ? { length: Number(f.length) }
                : {}),
            isPrimaryKey: f.isPrimaryKey,
            isRequired: f.isRequired || f.isPrimaryKey,
          })),
        },
        ctx.clock.now(),
      );
      return reply.code(303).redirect(`/setup/${t.tenant.subdomain}/data-extensions/${de.mid}/${de.id}`);
    } catch (err) {
      if (err instanceof InvalidDefinition)
        return sendPage(reply, 400, await newPage(t, values, { fields: err.message }));
      if (err instanceof DuplicateDataExtension) {
        return sendPage(
          reply,
          400,
          await newPage(t, values, {
            key: 'A Data Extension with this external key already exists in this business unit.',
          }),
        );
      }
      throw err;
    }
  });

  app.get<DeParams>('/:sub/data-extensions/:mid/:id', hide, async (request, reply) => {
    const t = tenantOf(request);
    const mid = parseMid(request.params.mid);
    const bu = mid === undefined ? undefined : await ctx.store.tenants.findBusinessUnit(t.tenant.id, mid);
    const de =
      bu && mid !== undefined && /^[0-9a-f-]{36}$/.test(request.params.id)
        ? await ctx.store.dataExtensions.findDataExtensionById(mid, request.params.id)
        : undefined;
    if (!de || de.tenantId !== t.tenant.id)
      throw new NotFound('There is no such Data Extension in this tenant.');
    const rows = await ctx.store.dataExtensions.listRows(de.id, { offset: 0, limit: FIRST_ROWS });
    const frame = t.frame(de.name, 'data-extensions', [...crumbs(t), [de.name]]);
    const restBaseUri = baseUrisFor(ctx.config, t.tenant.subdomain).restBaseUri;
    return sendPage(
      reply,
      200,
      renderDataExtensionPage({ frame, sub: t.tenant.subdomain, de, bu, rows, restBaseUri }),
    );
  });

  app.get<Sub & { Querystring: { action?: string; actor?: string; before?: string } }>(
    '/:sub/audit',
    hide,
    async (request, reply) => {
      const t = tenantOf(request);
      const filters = {
        action: typeof request.query.action === 'string' ? request.query.action.slice(0, 100) : '',
        actor: typeof request.query.actor === 'string' ? request.query.actor.slice(0, 100) : '',
      };
      let before =
        typeof request.query.before === 'string' && /^[1-9]\d{0,15}$/.test(request.query.before)
          ? Number(request.query.before)
          : undefined;
      const matches = (e: AuditEvent) =>
        e.action.toLowerCase().includes(filters.action.toLowerCase()) &&
        e.actor.toLowerCase().includes(filters.actor.toLowerCase());
      // Filters apply to the events as they are read, newest first, a bounded number of pages at a time.
      const events: AuditEvent[] = [];
      let more = true;
      scan: for (let pages = 0; pages < 20; pages++) {
        const page = await ctx.store.audit.listEvents(t.tenant.id, {
          limit: 100,
          ...(before ? { before } : {}),
        });
        for (const e of page) {
          before = e.id;
          if (!matches(e)) continue;
          events.push(e);
          if (events.length === AUDIT_PAGE) break scan;
        }
        if (page.length < 100) {
          more = false;
          break;
        }
      }
      const frame = t.frame('Audit Log', 'audit', [['Audit Log']]);
      const next = more && before ? String(before) : undefined;
      return sendPage(reply, 200, renderAuditPage({ frame, sub: t.tenant.subdomain, events, filters, next }));
    },
  );
}
