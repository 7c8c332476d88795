import { Type } from 'typebox';
import { FIELD_TYPES } from '../storage/data-extension-records.js';

/** Admin API schemas of Data Extensions (PRODUCT.md §7). */

const Mid = Type.Integer({ minimum: 1, maximum: 999_999_999_999 });

export const DataExtensionField = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    type: Type.Union(FIELD_TYPES.map((t) => Type.Literal(t))),
    length: Type.Optional(Type.Integer({ minimum: 1, maximum: 4000 })),
    precision: Type.Optional(Type.Integer({ minimum: 1, maximum: 38 })),
    scale: Type.Optional(Type.Integer({ minimum: 0, maximum: 38 })),
    isPrimaryKey: Type.Optional(Type.Boolean()),
    isRequired: Type.Optional(Type.Boolean()),
    defaultValue: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const CreateDataExtensionRequest = Type.Object(
  {
    mid: Mid,
    name: Type.String({ minLength: 1, maxLength: 128 }),
    key: Type.String({ minLength: 1, maxLength: 200 }),
    fields: Type.Array(DataExtensionField, { minItems: 1, maxItems: 500 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    categoryId: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the DataFolder it is filed in' }),
    ),
  },
  { additionalProperties: false },
);

export const DataExtensionBody = Type.Object({
  id: Type.String(),
  mid: Type.Integer(),
  name: Type.String(),
  key: Type.String(),
  fields: Type.Array(
    Type.Object({
      name: Type.String(),
      type: Type.String(),
      length: Type.Optional(Type.Integer()),
      precision: Type.Optional(Type.Integer()),
      scale: Type.Optional(Type.Integer()),
      isPrimaryKey: Type.Boolean(),
      isRequired: Type.Boolean(),
      defaultValue: Type.Optional(Type.String()),
    }),
  ),
  description: Type.String(),
  categoryId: Type.Union([Type.Integer(), Type.Null()], { description: 'DataFolder ID (CategoryID)' }),
  createdAt: Type.String(),
  modifiedAt: Type.String(),
});

/** Query strings are not coerced: the MID arrives as digits. */
export const DataExtensionListQuery = Type.Object({
  mid: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,11}$', description: 'only this BU' })),
});
