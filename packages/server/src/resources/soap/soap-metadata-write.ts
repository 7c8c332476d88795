import type { AppContext } from '../../app-context.js';
import type { Actor } from '../../setup/audit.js';
import {
  createFolder,
  deleteFolder,
  findFolder,
  InvalidFolder,
  updateFolder,
} from '../../setup/folders/folder-service.js';
import type { DataExtension, DataExtensionSettings } from '../../storage/data-extension-records.js';
import { findUnstorableText, isStorableText } from '../../storage/storable-text.js';
import type { BearerContext } from '../bearer/authenticate-bearer.js';
import {
  createDataExtension,
  type DataExtensionInput,
  DuplicateDataExtension,
  deleteDataExtension,
  InvalidDefinition,
  UnknownDataExtension,
  updateDataExtension,
} from '../data-extensions/define-data-extension.js';
import { child, children, decodeEntities, textOf } from './parse-soap-xml.js';
import { parseDateValue } from './soap-filter.js';
import { element, type ObjectResult } from './soap-response.js';
import type { WriteOperation } from './soap-write.js';

/** An absent flag is unset, not false: a primary key without <IsRequired> is required. */
const flag = (node: unknown) => {
  const t = textOf(node)?.trim().toLowerCase();
  return t === undefined || t === '' ? undefined : t === 'true' || t === '1';
};
/** Not parseInt: "12abc" is no number. NaN is rejected by the rules it reaches. */
const int = (node: unknown) => {
  const t = textOf(node)?.trim();
  return t === undefined || t === '' ? undefined : /^\d{1,9}$/.test(t) ? Number(t) : Number.NaN;
};
const text = (node: unknown) => textOf(node);

function fieldsOf(object: unknown): DataExtensionInput['fields'] {
  return children(child(object, 'Fields'), 'Field').map((f) => {
    const type = textOf(child(f, 'FieldType')) ?? 'Text';
    const maxLength = int(child(f, 'MaxLength'));
    const isDecimal = type.toLowerCase() === 'decimal';
    return {
      name: textOf(child(f, 'Name')) ?? '',
      type,
      // Marketing Cloud gives a Decimal's precision as MaxLength.
      length: isDecimal ? undefined : maxLength,
      precision: int(child(f, 'Precision')) ?? (isDecimal ? maxLength : undefined),
      scale: int(child(f, 'Scale')),
      isPrimaryKey: flag(child(f, 'IsPrimaryKey')),
      isRequired: flag(child(f, 'IsRequired')),
      defaultValue: textOf(child(f, 'DefaultValue')),
    };
  });
}

function settingsOf(object: unknown): DataExtensionSettings {
  const entries: Array<[keyof DataExtensionSettings, unknown]> = [
    ['isSendable', flag(child(object, 'IsSendable'))],
    ['isTestable', flag(child(object, 'IsTestable'))],
    ['sendableDataExtensionField', text(child(child(object, 'SendableDataExtensionField'), 'Name'))],
    ['sendableSubscriberField', text(child(child(object, 'SendableSubscriberField'), 'Name'))],
    ['templateKey', text(child(child(object, 'Template'), 'CustomerKey'))],
    ['dataRetentionPeriodLength', int(child(object, 'DataRetentionPeriodLength'))],
    ['dataRetentionPeriodUnitOfMeasure', int(child(object, 'DataRetentionPeriodUnitOfMeasure'))],
    ['rowBasedRetention', flag(child(object, 'RowBasedRetention'))],
    ['resetRetentionPeriodOnImport', flag(child(object, 'ResetRetentionPeriodOnImport'))],
    ['deleteAtEndOfRetentionPeriod', flag(child(object, 'DeleteAtEndOfRetentionPeriod'))],
  ];
  const retainUntil = text(child(object, 'RetainUntil'));
  if (retainUntil) {
    const ms = parseDateValue(retainUntil);
    if (ms === undefined)
      throw new InvalidDefinition([`RetainUntil "${retainUntil}" is not an xsd:dateTime.`]);
    entries.push(['retainUntil', ms]);
  }
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== '')) as DataExtensionSettings;
}

function definitionOf(object: unknown, mid: number): DataExtensionInput {
  const categoryId = int(child(object, 'CategoryID'));
  return {
    mid,
    name: textOf(child(object, 'Name')) ?? '',
    key: textOf(child(object, 'CustomerKey')) ?? '',
    fields: fieldsOf(object),
    description: textOf(child(object, 'Description')),
    categoryId: categoryId === 0 ? undefined : categoryId,
    settings: settingsOf(object),
  };
}

/**
 * A text no store keeps as sent (a NUL, an unpaired surrogate) anywhere in the object, named:
 * an object error, as for row values, never a database error.
 */
function unstorableIn(object: unknown): string | undefined {
  // Parsed texts keep their character references (parse-soap-xml.ts): decoded before the check.
  const decoded = (node: unknown): unknown =>
    typeof node === 'string'
      ? decodeEntities(node)
      : Array.isArray(node)
        ? node.map(decoded)
        : node && typeof node === 'object'
          ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, decoded(v)]))
          : node;
  const found = findUnstorableText(decoded(object));
  return found && `${found.path.replace(/\.#text$/, '') || 'A value'} must not contain ${found.problem}.`;
}

/** The Data Extension an Update or Delete names, by `CustomerKey` or else `ObjectID`. */
async function targetDataExtension(
  ctx: AppContext,
  bearer: BearerContext,
  object: unknown,
): Promise<DataExtension> {
  const key = textOf(child(object, 'CustomerKey'));
  const objectId = textOf(child(object, 'ObjectID'));
  const de = key
    ? isStorableText(key)
      ? await ctx.store.dataExtensions.findDataExtensionByKey(bearer.mid, key)
      : undefined
    : objectId && /^[0-9a-f-]{36}$/i.test(objectId)
      ? await ctx.store.dataExtensions.findDataExtensionById(bearer.mid, objectId.toLowerCase())
      : undefined;
  if (!de) throw new UnknownDataExtension();
  return de;
}

/** `Create`, `Update`, `Delete` of `DataExtension` (with `Fields`), through the definition service. */
export async function writeDataExtension(
  ctx: AppContext,
  bearer: BearerContext,
  operation: WriteOperation,
  object: unknown,
  ordinal: number,
  who: Actor,
): Promise<ObjectResult> {
  const now = ctx.clock.now();
  const unstorable = unstorableIn(object);
  if (unstorable) return { ordinal, ok: false, message: unstorable };
  try {
    if (operation === 'Create') {
      const de = await createDataExtension(
        ctx.store,
        who,
        bearer.tenant.tenant.id,
        definitionOf(object, bearer.mid),
        now,
      );
      return {
        ordinal,
        ok: true,
        message: 'Data Extension created.',
        newObjectId: de.id,
        objectXml: echo(de),
      };
    }
    const de = await targetDataExtension(ctx, bearer, object);
    if (operation === 'Delete') {
      await deleteDataExtension(ctx.store, who, de, now);
      return { ordinal, ok: true, message: 'Data Extension deleted.' };
    }
    const categoryId = int(child(object, 'CategoryID'));
    const fields = fieldsOf(object);
    const updated = await updateDataExtension(
      ctx.store,
      who,
      de,
      {
        name: textOf(child(object, 'Name')) || undefined,
        description: textOf(child(object, 'Description')),
        categoryId: categoryId === 0 ? undefined : categoryId,
        settings: settingsOf(object),
        ...(fields.length > 0 ? { fields } : {}),
      },
      now,
    );
    return { ordinal, ok: true, message: 'Data Extension updated.', objectXml: echo(updated) };
  } catch (err) {
    if (
      err instanceof InvalidDefinition ||
      err instanceof DuplicateDataExtension ||
      err instanceof InvalidFolder
    ) {
      return {
        ordinal,
        ok: false,
        message: err.message,
        errorCode: err instanceof DuplicateDataExtension ? 310007 : 10000,
      };
    }
    if (err instanceof UnknownDataExtension)
      return { ordinal, ok: false, message: err.message, errorCode: 310002 };
    throw err;
  }
}

const echo = (de: DataExtension) =>
  `<Object xsi:type="DataExtension"><PartnerKey xsi:nil="true"/><ObjectID>${de.id}</ObjectID>` +
  `${element('CustomerKey', de.key)}${element('Name', de.name)}</Object>`;

/** `Create`, `Update`, `Delete` of `DataFolder`, through the folder service. */
export async function writeDataFolder(
  ctx: AppContext,
  bearer: BearerContext,
  operation: WriteOperation,
  object: unknown,
  ordinal: number,
  who: Actor,
): Promise<ObjectResult> {
  const now = ctx.clock.now();
  const tenantId = bearer.tenant.tenant.id;
  const parent = child(object, 'ParentFolder');
  const unstorable = unstorableIn(object);
  if (unstorable) return { ordinal, ok: false, message: unstorable };
  try {
    return await ctx.store.transaction(async (repos) => {
      const parentId =
        int(child(parent, 'ID')) ??
        (textOf(child(parent, 'CustomerKey'))
          ? (await findFolder(repos, bearer.mid, { customerKey: textOf(child(parent, 'CustomerKey')) })).id
          : undefined);
      if (parentId !== undefined && Number.isNaN(parentId))
        throw new InvalidFolder('ParentFolder ID must be a whole number.');
      if (operation === 'Create') {
        const folder = await createFolder(
          repos,
          who,
          tenantId,
          bearer.mid,
          {
            name: textOf(child(object, 'Name')) ?? '',
            customerKey: textOf(child(object, 'CustomerKey')) || null,
            description: textOf(child(object, 'Description')) ?? '',
            parentId: parentId ?? 0,
            contentType: textOf(child(object, 'ContentType')) || undefined,
            allowChildren: flag(child(object, 'AllowChildren')) ?? true,
          },
          now,
        );
        return { ordinal, ok: true, message: 'Folder created successfully.', newId: folder.id };
      }
      const id = int(child(object, 'ID'));
      if (id !== undefined && Number.isNaN(id))
        throw new InvalidFolder('The folder ID must be a whole number.');
      const folder = await findFolder(repos, bearer.mid, {
        id,
        customerKey: id === undefined ? textOf(child(object, 'CustomerKey')) : undefined,
      });
      if (operation === 'Delete') {
        await deleteFolder(repos, who, folder, now);
        return { ordinal, ok: true, message: 'Folder deleted successfully.' };
      }
      await updateFolder(
        repos,
        who,
        folder,
        {
          name: textOf(child(object, 'Name')) || undefined,
          ...(id !== undefined && textOf(child(object, 'CustomerKey'))
            ? { customerKey: textOf(child(object, 'CustomerKey')) ?? null }
            : {}),
          description: textOf(child(object, 'Description')),
          parentId,
          allowChildren: flag(child(object, 'AllowChildren')),
        },
        now,
      );
      return { ordinal, ok: true, message: 'Folder updated successfully.' };
    });
  } catch (err) {
    if (err instanceof InvalidFolder) return { ordinal, ok: false, message: err.message };
    throw err;
  }
}
