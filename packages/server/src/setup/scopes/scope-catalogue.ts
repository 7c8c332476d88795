/**
 * The Marketing Cloud permission-scope catalogue (sfmc-auth.md §7.1), in catalogue order:
 * group by group, item by item, `offline` last. Token responses list scopes in this order,
 * and the compact `scp` claim numbers scopes by their index here — so entries may only ever
 * be appended before `offline`'s group, never reordered (tokens in flight would change meaning).
 */
export interface ScopeDefinition {
  readonly id: string;
  readonly group: string;
  readonly item: string;
}

const CATALOGUE_SOURCE: ReadonlyArray<readonly [group: string, item: string, ids: readonly string[]]> = [
  ['Channels', 'Email', ['email_read', 'email_write', 'email_send']],
  ['Channels', 'OTT', ['ott_chat_messaging_read', 'ott_chat_messaging_send']],
  ['Channels', 'Push', ['push_read', 'push_write', 'push_send']],
  ['Channels', 'SMS', ['sms_read', 'sms_write', 'sms_send']],
  ['Channels', 'Social', ['social_read', 'social_write', 'social_publish', 'social_post']],
  ['Channels', 'Web', ['web_read', 'web_write', 'web_publish']],
  ['Assets', 'Documents and Images', ['documents_and_images_read', 'documents_and_images_write']],
  ['Assets', 'Saved Content', ['saved_content_read', 'saved_content_write']],
  ['Automation', 'Automations', ['automations_read', 'automations_write', 'automations_execute']],
  [
    'Automation',
    'Journeys',
    ['journeys_read', 'journeys_write', 'journeys_execute', 'journeys_delete', 'journeys_aspr'],
  ],
  ['Contacts', 'Audiences', ['audiences_read', 'audiences_write']],
  ['Contacts', 'List and Subscribers', ['list_and_subscribers_read', 'list_and_subscribers_write']],
  ['Data', 'Data Extensions', ['data_extensions_read', 'data_extensions_write']],
  ['Data', 'File Locations', ['file_locations_read', 'file_locations_write']],
  ['Data', 'Tracking Events', ['tracking_events_read', 'tracking_events_write']],
  ['Hub', 'Approvals', ['approvals_read', 'approvals_write']],
  ['Hub', 'Calendar', ['calendar_read', 'calendar_write']],
  ['Hub', 'Campaign', ['campaign_read', 'campaign_write']],
  ['Hub', 'Tags', ['tags_read', 'tags_write']],
  ['Hub', 'Workflows', ['workflows_read', 'workflows_write']],
  ['Provisioning', 'Organizations', ['accounts_read', 'accounts_write']],
  ['Provisioning', 'OTT Channels', ['ott_channels_read', 'ott_channels_write']],
  ['Provisioning', 'Users', ['users_read', 'users_write']],
  ['Webhooks', 'Webhooks', ['webhooks_read', 'webhooks_write']],
  [
    'Event Notifications',
    'Callbacks',
    [
      'event_notification_callback_create',
      'event_notification_callback_read',
      'event_notification_callback_update',
      'event_notification_callback_delete',
    ],
  ],
  [
    'Event Notifications',
    'Subscriptions',
    [
      'event_notification_subscription_create',
      'event_notification_subscription_read',
      'event_notification_subscription_update',
      'event_notification_subscription_delete',
    ],
  ],
  [
    'Other',
    'Marketing Cloud Connect',
    ['marketing_cloud_connect_read', 'marketing_cloud_connect_write', 'marketing_cloud_connect_send'],
  ],
  ['Other', 'Key Management', ['key_manage_view', 'key_manage_rotate', 'key_manage_revoke']],
  ['Other', 'Data Formatter', ['dfu_configure']],
  ['Other', 'Package Manager', ['package_manager_package', 'package_manager_deploy']],
  [
    'Other',
    'Deep Linking',
    [
      'deep_linking_asset_read',
      'deep_linking_asset_write',
      'deep_linking_asset_delete',
      'deep_linking_settings_read',
      'deep_linking_settings_write',
    ],
  ],
  [
    'Other',
    'Contact BU Mapping',
    [
      'contact_bu_mapping_create',
      'contact_bu_mapping_view',
      'contact_bu_mapping_update',
      'contact_bu_mapping_delete',
    ],
  ],
  ['Offline access', 'Offline', ['offline']],
];

export const SCOPE_CATALOGUE: readonly ScopeDefinition[] = Object.freeze(
  CATALOGUE_SOURCE.flatMap(([group, item, ids]) => ids.map((id) => Object.freeze({ id, group, item }))),
);

const INDEX_BY_ID: ReadonlyMap<string, number> = new Map(SCOPE_CATALOGUE.map((s, i) => [s.id, i]));

export function isKnownScope(id: string): boolean {
  return INDEX_BY_ID.has(id);
}

/** Catalogue position of a scope id; -1 when unknown. */
export function scopeIndex(id: string): number {
  return INDEX_BY_ID.get(id) ?? -1;
}

/** Returns the given known scope ids de-duplicated and in catalogue order. */
export function sortScopes(ids: Iterable<string>): string[] {
  return [...new Set(ids)].filter(isKnownScope).sort((a, b) => scopeIndex(a) - scopeIndex(b));
}
