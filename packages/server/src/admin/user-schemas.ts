import { Type } from 'typebox';
import { USERNAME_MAX_LENGTH, USERNAME_PATTERN } from '../setup/users/username.js';

/** TypeBox schemas of the users and licences admin API (request validation + OpenAPI). */

const Mid = Type.Integer({ minimum: 1, maximum: 999_999_999_999 });
// Printable, no leading/trailing space: the name the user types on the login page.
const Username = Type.String({ minLength: 1, maxLength: USERNAME_MAX_LENGTH, pattern: USERNAME_PATTERN });
const Password = Type.String({ minLength: 8, maxLength: 200 });
// No whitespace or control character (PostgreSQL refuses a NUL in text).
const Email = Type.String({
  minLength: 3,
  maxLength: 320,
  pattern: '^[^\\s@\\x00-\\x1f\\x7f]+@[^\\s@\\x00-\\x1f\\x7f]+$',
});
const Membership = Type.Object(
  {
    mid: Mid,
    permissions: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 200 }),
  },
  { additionalProperties: false },
);

export const UserParams = Type.Object({
  sub: Type.String({ maxLength: 64 }),
  userId: Type.String({ maxLength: 20 }),
});

export const UserBody = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  administerPackages: Type.Boolean(),
  businessUnits: Type.Array(Type.Object({ mid: Type.Integer(), permissions: Type.Array(Type.String()) })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const CreateUserRequest = Type.Object(
  {
    username: Username,
    password: Password,
    email: Type.Optional(Email),
    businessUnits: Type.Array(Membership, { minItems: 1, maxItems: 1000 }),
    administerPackages: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UpdateUserRequest = Type.Object(
  {
    password: Type.Optional(Password),
    email: Type.Optional(Type.Union([Email, Type.Null()])),
    businessUnits: Type.Optional(Type.Array(Membership, { minItems: 1, maxItems: 1000 })),
    administerPackages: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** Query strings are not coerced: numbers arrive as digit strings. */
export const UserListQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({ pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$', description: '1 to 500' }),
    ),
    after: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,15}$', description: 'id of the last user of the previous page' }),
    ),
  },
  { additionalProperties: false },
);

export const LicensesRequest = Type.Object(
  { userIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10_000 }) },
  { additionalProperties: false },
);
export const LicensesBody = Type.Object({ userIds: Type.Array(Type.Integer()) });
