import type { RetrievableObject } from '../retrievable-object.js';
import { guidOf } from './data-extension-field.js';

interface Template {
  readonly name: string;
  readonly description: string;
  readonly isSendable: boolean;
}

/** Marketing Cloud's standard Data Extension templates (the ones every account has). */
const STANDARD_TEMPLATES: readonly Template[] = [
  {
    name: 'TriggeredSendDataExtension',
    description: 'Data extension for a triggered send: sendable, with the subscriber key relation.',
    isSendable: true,
  },
  {
    name: 'SendLogDataExtension',
    description: 'Data extension that logs the sends of the account.',
    isSendable: false,
  },
];

/** `DataExtensionTemplate`: the standard templates, the same in every BU. */
export const dataExtensionTemplateObject: RetrievableObject<Template> = {
  objectType: 'DataExtensionTemplate',
  scope: 'data_extensions_read',
  properties: {
    ObjectID: { type: 'Text', get: (t) => guidOf(`template\n${t.name}`) },
    CustomerKey: { type: 'Text', get: (t) => t.name },
    Name: { type: 'Text', get: (t) => t.name },
    Description: { type: 'Text', get: (t) => t.description },
    IsSendable: { type: 'Boolean', get: (t) => t.isSendable },
    IsTestable: { type: 'Boolean', get: (t) => t.isSendable },
    'SendableCustomObjectField.Name': { type: 'Text', get: (t) => (t.isSendable ? 'SubscriberKey' : null) },
    SendableCustomObjectField: { type: 'Text', get: (t) => (t.isSendable ? 'SubscriberKey' : null) },
    SendableSubscriberField: { type: 'Text', get: (t) => (t.isSendable ? 'Subscriber Key' : null) },
    DataRetentionPeriodLength: { type: 'Number', get: () => null },
    DataRetentionPeriodUnitOfMeasure: { type: 'Number', get: () => null },
    RowBasedRetention: { type: 'Boolean', get: () => false },
    ResetRetentionPeriodOnImport: { type: 'Boolean', get: () => false },
    DeleteAtEndOfRetentionPeriod: { type: 'Boolean', get: () => false },
    RetainUntil: { type: 'Date', get: () => '' },
  },
  list: async () => STANDARD_TEMPLATES,
};
