import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeDocument } from '../../src/openapi/complete-document.js';
import { type GeneratedDocument, generateDocument, operationsOf } from './generate-document.js';

/**
 * `GET /openapi.json` is complete (issue 11 part 4) and passes the tools integrators use:
 * Redocly CLI's recommended rules (repository redocly.yaml) and Postman's importer. The
 * document is generated once, from a real app, so routes added later are checked too.
 */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'packgate-openapi-'));
const file = join(dir, 'openapi.json');
let doc: OpenAPIV3.Document;
let generated: GeneratedDocument;
beforeAll(async () => {
  generated = await generateDocument();
  doc = generated.doc;
  writeFileSync(file, JSON.stringify(doc));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Media = Record<string, OpenAPIV3.MediaTypeObject>;
const op = (path: string, method: 'get' | 'post') => {
  const found = doc.paths[path]?.[method];
  if (!found) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
  return found;
};
const responses = (o: OpenAPIV3.OperationObject) => o.responses as Record<string, OpenAPIV3.ResponseObject>;
const bodyOf = (o: OpenAPIV3.OperationObject) =>
  (o.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content;
const jsonSchema = (r: OpenAPIV3.ResponseObject | undefined) =>
  (r?.content as Media | undefined)?.['application/json']?.schema as OpenAPIV3.SchemaObject | undefined;

describe('the OpenAPI document', () => {
  it('names, summarises and tags every operation', () => {
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(50);
    const missing = ops
      .map(({ method, path, op }) => {
        const lacks = [
          op.operationId ? '' : 'operationId',
          op.summary ? '' : 'summary',
          op.tags?.length ? '' : 'tags',
        ].filter(Boolean);
        return lacks.length ? `${method.toUpperCase()} ${path}: no ${lacks.join(', ')}` : '';
      })
      .filter(Boolean);
    expect(missing, "add operationId, summary and tags to these routes' schemas").toEqual([]);
  });

  it('operationIds are unique', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { method, path, op } of operationsOf(doc)) {
      const where = `${method.toUpperCase()} ${path}`;
      const id = op.operationId ?? '';
      const other = seen.get(id);
      if (other) clashes.push(`${id}: ${other} and ${where}`);
      seen.set(id, where);
    }
    expect(clashes).toEqual([]);
  });

  it('every tag used is declared with a description', () => {
    const declared = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
    const used = new Set(operationsOf(doc).flatMap(({ op }) => op.tags ?? []));
    expect([...used].filter((t) => !declared.get(t))).toEqual([]);
  });

  it('describes the SOAP endpoint and the token endpoint', () => {
    const paths = Object.keys(doc.paths);
    expect(paths).toContain('/{subdomain}/soap/Service.asmx');
    expect(paths).toContain('/{subdomain}/auth/v2/token');
  });

  it('every operation declares a 4XX answer, except SOAP (every fault is an HTTP 500, SOAP 1.1 §6.2)', () => {
    const without = operationsOf(doc)
      .filter(({ op }) => !Object.keys(op.responses).some((code) => /^4/.test(code)))
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(without).toEqual(['POST /{subdomain}/soap/Service.asmx']);
  });
});

describe('the auth base URI in the OpenAPI document', () => {
  const auth = (rest: string) => `/{subdomain}/auth/${rest}`;

  it('token: JSON and form bodies, one schema per grant (oneOf), the token response and every error shape', () => {
    const token = op(auth('v2/token'), 'post');
    const content = bodyOf(token) as Media;
    expect(Object.keys(content).sort()).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    for (const media of Object.values(content)) {
      const grants = (media.schema as OpenAPIV3.SchemaObject).oneOf as OpenAPIV3.SchemaObject[];
      expect(
        grants.map((g) => (g.properties?.grant_type as OpenAPIV3.SchemaObject | undefined)?.enum),
      ).toEqual([['client_credentials'], ['authorization_code'], ['refresh_token']]);
      expect(grants.map((g) => g.required)).toEqual([
        ['grant_type'],
        ['grant_type', 'code', 'redirect_uri'],
        ['grant_type', 'refresh_token'],
      ]);
    }
    const r = responses(token);
    expect(jsonSchema(r['200'])?.required).toEqual([
      'access_token',
      'token_type',
      'expires_in',
      'scope',
      'soap_instance_url',
      'rest_instance_url',
    ]);
    for (const code of ['400', '401', '404', '413', '500']) {
      expect(jsonSchema(r[code])?.required, code).toEqual(['error', 'error_description', 'error_uri']);
    }
    expect(Object.keys(jsonSchema(r['429'])?.properties ?? {})).toEqual(
      expect.arrayContaining(['message', 'errorcode', 'documentation']),
    );
    expect(token.security).toEqual([{ clientSecretBasic: [] }, {}]);
  });

  it('authorize, revoke, introspect, userinfo, metadata and JWKS have request and response schemas', () => {
    const authorize = op(auth('v2/authorize'), 'get');
    expect(
      (authorize.parameters as OpenAPIV3.ParameterObject[])
        .filter((p) => p.in === 'query')
        .map((p) => p.name),
    ).toEqual(
      expect.arrayContaining(['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge']),
    );
    expect(Object.keys(responses(authorize))).toEqual(['200', '302', '400', '401', '404']);
    expect(Object.keys(bodyOf(op(auth('v2/authorize'), 'post')) ?? {})).toEqual([
      'application/x-www-form-urlencoded',
    ]);

    for (const path of ['v2/revoke', 'v2/introspect']) {
      const o = op(auth(path), 'post');
      const content = bodyOf(o) as Media;
      expect(Object.keys(content).sort(), path).toEqual([
        'application/json',
        'application/x-www-form-urlencoded',
      ]);
      expect((content['application/json']?.schema as OpenAPIV3.SchemaObject | undefined)?.required).toEqual([
        'token',
      ]);
      expect(jsonSchema(responses(o)['401'])?.required).toEqual(['error', 'error_description', 'error_uri']);
    }
    expect(jsonSchema(responses(op(auth('v2/introspect'), 'post'))['200'])?.required).toEqual(['active']);
    expect(responses(op(auth('v2/revoke'), 'post'))['200']?.content).toBeUndefined();

    const userinfo = op(auth('v2/userinfo'), 'get');
    expect(jsonSchema(responses(userinfo)['200'])?.required).toEqual(['sub', 'user', 'organization']);
    expect(Object.keys(responses(userinfo)['401']?.headers ?? {})).toEqual(['WWW-Authenticate']);
    expect(userinfo.security).toEqual([{ oauth2: [] }, { accessToken: [] }]);

    expect(
      jsonSchema(responses(op(auth('.well-known/oauth-authorization-server'), 'get'))['200'])?.required,
    ).toEqual(['issuer', 'token_endpoint', 'jwks_uri']);
    const jwks = jsonSchema(responses(op(auth('.well-known/jwks.json'), 'get'))['200']);
    expect(jwks?.required).toEqual(['keys']);
    expect(op(auth('.well-known/jwks.json'), 'get').security).toEqual([]);
  });

  it("has an oauth2 scheme with clientCredentials and authorizationCode flows at the tenant's URLs", () => {
    const scheme = doc.components?.securitySchemes?.oauth2 as OpenAPIV3.OAuth2SecurityScheme;
    const { authBaseUri } = generated;
    expect(scheme.flows.clientCredentials?.tokenUrl).toBe(`${authBaseUri}v2/token`);
    expect(scheme.flows.authorizationCode).toMatchObject({
      authorizationUrl: `${authBaseUri}v2/authorize`,
      tokenUrl: `${authBaseUri}v2/token`,
    });
    expect(Object.keys(scheme.flows.clientCredentials?.scopes ?? {})).toEqual(
      expect.arrayContaining(['data_extensions_read', 'email_send', 'offline']),
    );
    // The REST resource API accepts these tokens too.
    expect(op('/{subdomain}/rest/platform/v1/tokenContext', 'get').security).toEqual([
      { oauth2: [] },
      { accessToken: [] },
    ]);
  });

  it('describes the SOAP endpoint: a text/xml envelope, text/xml answers and a link to the WSDL', () => {
    const soap = op('/{subdomain}/soap/Service.asmx', 'post');
    expect(Object.keys(bodyOf(soap) ?? {})).toEqual(['text/xml']);
    expect(Object.keys(responses(soap)['200']?.content ?? {})).toEqual(['text/xml']);
    expect(Object.keys(responses(soap)['500']?.content ?? {})).toEqual(['text/xml']);
    expect(soap.externalDocs?.url).toMatch(/\.wsdl$/);
    expect(soap.description).toContain('docs/reference/resource-api.md');
  });

  it('in host mode, tenant paths hang off per-tenant servers; admin paths stay on the public URL', () => {
    const host = completeDocument(
      doc,
      { publicUrl: 'https://admin.example.test', baseDomain: 'example.test', tlsPublicPort: 443 },
      ['mc1234'],
    );
    expect(host.paths['/{subdomain}/auth/v2/token']).toBeUndefined();
    expect(host.paths['/.well-known/oauth-authorization-server/{subdomain}/auth']).toBeUndefined();
    const token = host.paths['/v2/token'];
    expect(token?.servers).toEqual([
      {
        url: 'https://{subdomain}.auth.example.test',
        description: "The tenant's auth host",
        variables: { subdomain: { default: 'mc1234', description: 'The tenant subdomain.' } },
      },
    ]);
    expect((token?.post?.parameters ?? []).some((p) => 'name' in p && p.name === 'subdomain')).toBe(false);
    expect(host.paths['/platform/v1/tokenContext']?.servers?.[0]?.url).toBe(
      'https://{subdomain}.rest.example.test',
    );
    expect(host.paths['/Service.asmx']?.servers?.[0]?.url).toBe('https://{subdomain}.soap.example.test');
    expect(host.paths['/admin/v1/tenants']?.servers).toBeUndefined();
    expect(
      (host.components?.securitySchemes?.oauth2 as OpenAPIV3.OAuth2SecurityScheme | undefined)?.flows
        .clientCredentials?.tokenUrl,
    ).toBe('https://mc1234.auth.example.test/v2/token');
    // the path-mode document itself is untouched
    expect(doc.paths['/{subdomain}/auth/v2/token']).toBeDefined();
  });
});

interface RedoclyProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

describe('the OpenAPI document in CI tools', () => {
  it('passes Redocly CLI lint (recommended rules) with 0 errors and 0 warnings', async () => {
    const cli = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
    const run = promisify(execFile);
    const result = await run(
      process.execPath,
      [cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'],
      {
        cwd: dir,
        // No telemetry or update check: CI talks to nothing but loopback.
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        },
        maxBuffer: 32 * 1024 * 1024,
      },
    ).catch((err: { stdout?: string; stderr?: string }) => ({
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
    }));
    const start = result.stdout.indexOf('{');
    if (start < 0) throw new Error(`redocly printed no report: ${result.stderr.slice(0, 2000)}`);
    const report = JSON.parse(result.stdout.slice(start)) as {
      totals: { errors: number; warnings: number };
      problems: RedoclyProblem[];
    };
    const problems = report.problems.map(
      (p) => `${p.severity} ${p.ruleId} at ${p.location.map((l) => l.pointer).join(', ')}: ${p.message}`,
    );
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('imports into Postman (openapi-to-postmanv2): every request named by its summary, the token request with a body', async () => {
    const converter = require('openapi-to-postmanv2') as {
      convert(
        input: { type: 'json'; data: unknown },
        options: Record<string, unknown>,
        cb: (err: Error | null, result: PostmanResult) => void,
      ): void;
    };
    const result = await new Promise<PostmanResult>((resolve, reject) =>
      converter.convert({ type: 'json', data: doc }, {}, (err, res) => (err ? reject(err) : resolve(res))),
    );
    expect(result.result, result.reason).toBe(true);
    const collection = result.output[0]?.data;
    const requests = flatten(collection?.item ?? []);
    const summaries = operationsOf(doc).map(({ op }) => op.summary);
    expect(requests).toHaveLength(summaries.length);
    const raw = requests.filter((r) => !summaries.includes(r.name) || r.name.includes('/'));
    expect(raw.map((r) => r.name)).toEqual([]);

    const token = requests.find((r) => r.name === doc.paths['/{subdomain}/auth/v2/token']?.post?.summary);
    expect(token?.request.method).toBe('POST');
    const body = token?.request.body;
    expect(body?.mode).toMatch(/^(urlencoded|raw)$/);
    const fields = body?.mode === 'urlencoded' ? (body.urlencoded ?? []).map((p) => p.key) : [];
    const text = body?.mode === 'raw' ? (body.raw ?? '') : fields.join(' ');
    expect(text).toContain('grant_type');
  });
});

interface PostmanRequest {
  name: string;
  request: {
    method: string;
    body?: { mode: string; urlencoded?: { key: string }[]; raw?: string };
  };
}
interface PostmanFolder {
  name: string;
  item: Array<PostmanFolder | PostmanRequest>;
}
interface PostmanResult {
  result: boolean;
  reason?: string;
  output: { type: string; data: { item: Array<PostmanFolder | PostmanRequest> } }[];
}

function flatten(items: Array<PostmanFolder | PostmanRequest>): PostmanRequest[] {
  return items.flatMap((i) => ('item' in i ? flatten(i.item) : [i]));
}
