import type { DataExtension } from '../../../storage/data-extension-records.js';
import type { RetrievableObject } from '../retrievable-object.js';

/**
 * `DataExtension` definitions of the token's BU (every documented property Packgate stores or can
 * derive). A property Packgate does not act on is answered as stored, or with Marketing Cloud's
 * default when never given: not sendable, not testable, no retention.
 */
export const dataExtensionObject: RetrievableObject<DataExtension> = {
  objectType: 'DataExtension',
  scope: 'data_extensions_read',
  isCreatable: true,
  isUpdatable: true,
  isDeletable: true,
  properties: {
    'Client.ID': { type: 'Number', get: (de) => de.mid },
    ObjectID: { type: 'Text', get: (de) => de.id },
    CustomerKey: { type: 'Text', get: (de) => de.key },
    Name: { type: 'Text', get: (de) => de.name },
    CreatedDate: { type: 'Date', get: (de) => de.createdAt },
    ModifiedDate: { type: 'Date', get: (de) => de.modifiedAt ?? de.createdAt },
    Description: { type: 'Text', get: (de) => de.description ?? '' },
    IsSendable: { type: 'Boolean', get: (de) => de.settings?.isSendable ?? false },
    IsTestable: { type: 'Boolean', get: (de) => de.settings?.isTestable ?? false },
    'SendableDataExtensionField.Name': {
      type: 'Text',
      get: (de) => de.settings?.sendableDataExtensionField ?? null,
    },
    'SendableSubscriberField.Name': {
      type: 'Text',
      get: (de) => de.settings?.sendableSubscriberField ?? null,
    },
    'Template.CustomerKey': { type: 'Text', get: (de) => de.settings?.templateKey ?? null },
    CategoryID: { type: 'Number', get: (de) => de.categoryId ?? null },
    Status: { type: 'Text', get: () => 'Active', filterable: false },
    IsPlatformObject: { type: 'Boolean', get: () => false, filterable: false },
    DataRetentionPeriodLength: {
      type: 'Number',
      get: (de) => de.settings?.dataRetentionPeriodLength ?? null,
    },
    DataRetentionPeriodUnitOfMeasure: {
      type: 'Number',
      get: (de) => de.settings?.dataRetentionPeriodUnitOfMeasure ?? null,
    },
    RowBasedRetention: { type: 'Boolean', get: (de) => de.settings?.rowBasedRetention ?? false },
    ResetRetentionPeriodOnImport: {
      type: 'Boolean',
      get: (de) => de.settings?.resetRetentionPeriodOnImport ?? false,
    },
    DeleteAtEndOfRetentionPeriod: {
      type: 'Boolean',
      get: (de) => de.settings?.deleteAtEndOfRetentionPeriod ?? false,
    },
    RetainUntil: { type: 'Date', get: (de) => de.settings?.retainUntil ?? '' },
  },
  list: (ctx) => ctx.store.dataExtensions.listDataExtensions(ctx.bearer.tenant.tenant.id, ctx.bearer.mid),
};
