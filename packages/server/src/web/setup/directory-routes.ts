import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { createBusinessUnit } from '../../setup/tenants/tenant-service.js';
import { createUser, deleteUser, findUserOrThrow, updateUser } from '../../setup/users/user-service.js';
import { isPossibleUsername } from '../../setup/users/username.js';
import type { User } from '../../storage/user-records.js';
import type { FieldErrors } from './components.js';
import {
  renderBusinessUnitsPage,
  renderDeleteUserPage,
  renderUserFormPage,
  renderUsersPage,
  type UserFormValues,
} from './directory-pages.js';
import { fieldErrorsOf, formValue, formValues, sendPage, type TenantRequest } from './setup-kit.js';

type Sub = { Params: { sub: string } };
type UserParams = { Params: { sub: string; userId: string } };

const hide = { schema: { hide: true } };
// The admin API's email pattern (user-schemas.ts).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const EMAIL = /^[^\s@\x00-\x1f\x7f]+@[^\s@\x00-\x1f\x7f]+$/;

const parseMid = (text: string) => (/^\d{1,12}$/.test(text) ? Number(text) : undefined);

function checkPassword(password: string): string | undefined {
  if (password.length < 8) return 'Use at least 8 characters.';
  if (password.length > 200) return 'Use at most 200 characters.';
  return undefined;
}

/** Business Units (tree, create) and Users (list, create, BU permissions, Administer, reset password). */
export function registerDirectoryRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  tenantOf: (request: FastifyRequest) => TenantRequest,
): void {
  const buPage = async (
    t: TenantRequest,
    values: { name: string; parentMid: number | undefined },
    errors: FieldErrors,
    notice?: string,
  ) =>
    renderBusinessUnitsPage({
      frame: t.frame('Business Units', 'business-units', [['Company Settings'], ['Business Units']]),
      sub: t.tenant.subdomain,
      units: await ctx.store.tenants.listBusinessUnits(t.tenant.id),
      values,
      errors,
      notice,
    });

  app.get<Sub & { Querystring: { created?: string } }>(
    '/:sub/business-units',
    hide,
    async (request, reply) => {
      const t = tenantOf(request);
      const notice = request.query.created ? 'Business unit created.' : undefined;
      return sendPage(reply, 200, await buPage(t, { name: '', parentMid: t.tenant.eid }, {}, notice));
    },
  );

  app.post<Sub>('/:sub/business-units', hide, async (request, reply) => {
    const t = tenantOf(request);
    const name = formValue(request.body, 'name').trim();
    const parentMid = parseMid(formValue(request.body, 'parentMid'));
    const values = { name, parentMid };
    if (!name || name.length > 200) {
      const errors = { name: name ? 'Use at most 200 characters.' : 'Enter a name.' };
      return sendPage(reply, 400, await buPage(t, values, errors));
    }
    if (parentMid === undefined)
      return sendPage(reply, 400, await buPage(t, values, { parentMid: 'Choose a parent.' }));
    try {
      await createBusinessUnit(ctx.store, t.actor, t.tenant, { name, parentMid }, ctx.clock.now());
      ctx.directory.invalidateTenant(t.tenant.subdomain);
    } catch (err) {
      return sendPage(reply, 400, await buPage(t, values, fieldErrorsOf(err, 'name')));
    }
    return reply.code(303).redirect(`/setup/${t.tenant.subdomain}/business-units?created=1`);
  });

  app.get<Sub>('/:sub/users', hide, async (request, reply) => {
    const t = tenantOf(request);
    const users = await ctx.store.users.listUsers(t.tenant.id, { limit: 500 });
    const names = new Map(
      (await ctx.store.tenants.listBusinessUnits(t.tenant.id)).map((b) => [b.mid, b.name]),
    );
    const frame = t.frame('Users', 'users', [['Users']]);
    return sendPage(reply, 200, renderUsersPage({ frame, sub: t.tenant.subdomain, users, names }));
  });

  const userPage = async (
    t: TenantRequest,
    user: User | undefined,
    values: UserFormValues,
    errors: FieldErrors,
    notice?: string,
  ) =>
    renderUserFormPage({
      frame: t.frame(user ? user.username : 'New User', 'users', [
        ['Users', `/setup/${t.tenant.subdomain}/users`],
        [user?.username ?? 'New'],
      ]),
      sub: t.tenant.subdomain,
      user,
      units: await ctx.store.tenants.listBusinessUnits(t.tenant.id),
      values,
      errors,
      notice,
    });

  const valuesOf = (body: unknown): UserFormValues => ({
    username: formValue(body, 'username'),
    email: formValue(body, 'email').trim(),
    administer: formValue(body, 'administer') === 'true',
    mids: new Set(formValues(body, 'mids').map((m) => parseMid(m) ?? -1)),
    permissions: new Set(formValues(body, 'scopes')),
  });
  const membershipsOf = (v: UserFormValues) =>
    [...v.mids].map((mid) => ({ mid, permissions: [...v.permissions] }));
  const checkCommon = (v: UserFormValues): Record<string, string> => ({
    ...(v.email && (v.email.length > 320 || !EMAIL.test(v.email))
      ? { email: 'Enter an email address like ada@example.com.' }
      : {}),
    ...(v.mids.has(-1) ? { businessUnits: 'A chosen business unit does not exist.' } : {}),
  });

  app.get<Sub>('/:sub/users/new', hide, async (request, reply) => {
    const t = tenantOf(request);
    const values = {
      username: '',
      email: '',
      administer: false,
      mids: new Set([t.tenant.eid]),
      permissions: new Set<string>(),
    };
    return sendPage(reply, 200, await userPage(t, undefined, values, {}));
  });

  app.post<Sub>('/:sub/users/new', hide, async (request, reply) => {
    const t = tenantOf(request);
    const values = valuesOf(request.body);
    const password = formValue(request.body, 'password');
    const errors: Record<string, string> = checkCommon(values);
    if (!isPossibleUsername(values.username))
      errors.username = 'Enter a username (up to 100 characters, no spaces at either end).';
    const passwordError = checkPassword(password);
    if (passwordError) errors.password = passwordError;
    if (Object.keys(errors).length > 0)
      return sendPage(reply, 400, await userPage(t, undefined, values, errors));
    try {
      const user = await createUser(
        ctx,
        t.actor,
        t.tenant,
        {
          username: values.username,
          password,
          ...(values.email ? { email: values.email } : {}),
          businessUnits: membershipsOf(values),
          administerPackages: values.administer,
        },
        ctx.clock.now(),
      );
      return reply.code(303).redirect(`/setup/${t.tenant.subdomain}/users/${user.id}?saved=1`);
    } catch (err) {
      return sendPage(reply, 400, await userPage(t, undefined, values, fieldErrorsOf(err, 'username')));
    }
  });

  const editValues = (user: User): UserFormValues => ({
    username: user.username,
    email: user.email ?? '',
    administer: user.administerPackages,
    mids: new Set(user.businessUnits.map((m) => m.mid)),
    permissions: new Set(user.businessUnits.flatMap((m) => m.permissions)),
  });

  app.get<UserParams & { Querystring: { saved?: string } }>(
    '/:sub/users/:userId',
    hide,
    async (request, reply) => {
      const t = tenantOf(request);
      const user = await findUserOrThrow(ctx, t.tenant, request.params.userId);
      const notice = request.query.saved ? 'User saved.' : undefined;
      return sendPage(reply, 200, await userPage(t, user, editValues(user), {}, notice));
    },
  );

  app.post<UserParams>('/:sub/users/:userId', hide, async (request, reply) => {
    const t = tenantOf(request);
    const user = await findUserOrThrow(ctx, t.tenant, request.params.userId);
    const values = valuesOf(request.body);
    const errors = checkCommon(values);
    if (Object.keys(errors).length > 0)
      return sendPage(reply, 400, await userPage(t, user, { ...values, username: user.username }, errors));
    try {
      await updateUser(
        ctx,
        t.actor,
        t.tenant,
        user,
        {
          email: values.email || null,
          administerPackages: values.administer,
          businessUnits: membershipsOf(values),
        },
        ctx.clock.now(),
      );
    } catch (err) {
      return sendPage(reply, 400, await userPage(t, user, values, fieldErrorsOf(err, 'businessUnits')));
    }
    return reply.code(303).redirect(`/setup/${t.tenant.subdomain}/users/${user.id}?saved=1`);
  });

  app.post<UserParams>('/:sub/users/:userId/password', hide, async (request, reply) => {
    const t = tenantOf(request);
    const user = await findUserOrThrow(ctx, t.tenant, request.params.userId);
    const password = formValue(request.body, 'password');
    const error = checkPassword(password);
    if (error) return sendPage(reply, 400, await userPage(t, user, editValues(user), { password: error }));
    await updateUser(ctx, t.actor, t.tenant, user, { password }, ctx.clock.now());
    const updated = await findUserOrThrow(ctx, t.tenant, request.params.userId);
    return sendPage(
      reply,
      200,
      await userPage(
        t,
        updated,
        editValues(updated),
        {},
        'Password reset: the user was signed out everywhere.',
      ),
    );
  });

  const deletePage = (t: TenantRequest, user: User, errors: FieldErrors) =>
    renderDeleteUserPage({
      frame: t.frame(`Delete ${user.username}`, 'users', [
        ['Users', `/setup/${t.tenant.subdomain}/users`],
        [user.username],
      ]),
      sub: t.tenant.subdomain,
      user,
      errors,
    });

  app.get<UserParams>('/:sub/users/:userId/delete', hide, async (request, reply) => {
    const t = tenantOf(request);
    const user = await findUserOrThrow(ctx, t.tenant, request.params.userId);
    return sendPage(reply, 200, deletePage(t, user, {}));
  });

  app.post<UserParams>('/:sub/users/:userId/delete', hide, async (request, reply) => {
    const t = tenantOf(request);
    const user = await findUserOrThrow(ctx, t.tenant, request.params.userId);
    if (formValue(request.body, 'confirm') !== user.username) {
      const errors = { confirm: 'The username does not match: type it exactly as shown.' };
      return sendPage(reply, 400, deletePage(t, user, errors));
    }
    await deleteUser(ctx, t.actor, t.tenant, user, ctx.clock.now());
    return reply.code(303).redirect(`/setup/${t.tenant.subdomain}/users`);
  });
}
