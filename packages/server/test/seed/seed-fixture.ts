import { secretFrom } from './seed-support.js';

export const SUB = `mc${'ci'.repeat(13)}`;
export const EID = 20000001;
export const CHILD = 20000002;
export const S2S_ID = 'ciserver0000000000000001';
export const WEB_ID = 'ciwebapp0000000000000001';
export const SECRET = secretFrom('C'.repeat(51));

/** A CI environment: a child BU, an S2S and a web app with fixed client ids, a user, a Data Extension. */
export const seed = () => ({
  version: 1,
  tenants: [
    {
      subdomain: SUB,
      eid: EID,
      name: 'CI Enterprise',
      fidelity: { accessTokenTtlSeconds: 600 },
      businessUnits: [{ mid: CHILD, name: 'CI Child' }],
      users: [
        {
          username: 'ana',
          id: 20000010,
          password: 'correct horse battery staple',
          businessUnits: [{ mid: EID, permissions: ['data_extensions_read'] }],
        },
      ],
      packages: [
        {
          name: 'CI S2S',
          integration: {
            integrationType: 'server-to-server',
            clientId: S2S_ID,
            clientSecret: SECRET,
            scopes: ['data_extensions_read'],
            access: { mids: [EID, CHILD] },
          },
        },
        {
          name: 'CI Web',
          integration: {
            integrationType: 'web-app',
            clientId: WEB_ID,
            scopes: ['data_extensions_read', 'offline'],
            redirectUris: ['https://ci.example/callback'],
            licensedUsers: ['ana'],
          },
        },
      ],
      dataExtensions: [
        {
          mid: EID,
          name: 'Subscribers',
          key: 'subscribers',
          fields: [
            { name: 'Email', type: 'EmailAddress', isPrimaryKey: true },
            { name: 'Points', type: 'Number' },
          ],
          rows: [
            { Email: 'a@ci.example', Points: 1 },
            { Email: 'b@ci.example', Points: 2 },
          ],
        },
      ],
    },
  ],
});
