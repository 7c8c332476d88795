import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { CONTACTS_FIELDS, soap, soapEnvelope, tokenFor } from './resource-helpers.js';

const retrieve = (objectType: string) =>
  `<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest><ObjectType>${objectType}</ObjectType><Properties>Id</Properties></RetrieveRequest></RetrieveRequestMsg>`;

describe('SOAP Retrieve of DataExtensionObject[Name] (FuelSDK ET_DataExtension_Row names the Data Extension)', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    token = await tokenFor(server);
    for (const [mid, name, key] of [
      [server.eid, 'Newsletter Contacts', 'NL_CONTACTS'],
      [
        (await server.admin('POST', `/tenants/${server.subdomain}/business-units`, { name: 'Other' })).body
          .mid,
        'Other BU List',
        'OTHER',
      ],
    ] as const) {
      const res = await server.admin('POST', `/tenants/${server.subdomain}/data-extensions`, {
        mid,
        name,
        key,
        fields: CONTACTS_FIELDS,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });
  afterAll(async () => server?.close());

  it.each([['NL_CONTACTS'], ['nl_contacts'], ['Newsletter Contacts'], ['newsletter contacts']])(
    'DataExtensionObject[%s] finds it (key first, then name, ignoring case)',
    async (ref) => {
      const res = await soap(server, soapEnvelope(token, retrieve(`DataExtensionObject[${ref}]`)));
      expect(res.status, res.text).toBe(200);
      expect(res.text).toContain('<OverallStatus>OK</OverallStatus>');
    },
  );

  it("another BU's Data Extension, by name or key, is as unknown as a missing one", async () => {
    for (const ref of ['Other BU List', 'OTHER', 'Newsletter']) {
      const res = await soap(server, soapEnvelope(token, retrieve(`DataExtensionObject[${ref}]`)));
      expect(res.text).toContain(
        `<OverallStatus>Error: Data extension ${ref} was not found in this business unit.</OverallStatus>`,
      );
    }
  });
});
