import { type Static, Type } from 'typebox';
import type { PackgateConfig } from '../../config/config.js';

export const TOKEN_FORMATS = ['jwt', 'opaque'] as const;
export type TokenFormat = (typeof TOKEN_FORMATS)[number];

/**
 * Per-tenant fidelity switches (docs/reference/fidelity.md): each overrides a global default from
 * the configuration for one tenant. The same schema serves the admin API and the seed file.
 */
export const FidelityOverrides = Type.Object(
  {
    propagationSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 86_400,
        description:
          'Delay before a staged secret authenticates (300 = Marketing Cloud). Default PACKGATE_PROPAGATION_SECONDS.',
      }),
    ),
    accessTokenTtlSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 86_400,
        description:
          'Access-token lifetime; `expires_in` = TTL − 121 (at least 1). Default PACKGATE_ACCESS_TOKEN_TTL_SECONDS.',
      }),
    ),
    tokenFormat: Type.Optional(
      Type.Enum([...TOKEN_FORMATS], {
        description:
          '`jwt`: a three-part JWT; `opaque`: exactly 512 characters in four segments, as Marketing Cloud issues. Default PACKGATE_TOKEN_FORMAT.',
      }),
    ),
    acceptFormBodies: Type.Optional(
      Type.Boolean({
        description: 'Token requests may be form-encoded. Default PACKGATE_ACCEPT_FORM_BODIES.',
      }),
    ),
    acceptBasicAuth: Type.Optional(
      Type.Boolean({
        description: 'Clients may authenticate with HTTP Basic. Default PACKGATE_ACCEPT_BASIC_AUTH.',
      }),
    ),
    tokenRateLimitPerMinute: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1_000_000,
        description:
          'Token requests per minute per client (then 429 / 50200); 0 = none. Default PACKGATE_TOKEN_RATE_LIMIT_PER_MINUTE.',
      }),
    ),
    restRateLimitPerMinute: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1_000_000,
        description:
          'REST and SOAP requests per minute per client (REST 429 / 50100 with Retry-After, SOAP a fault on HTTP 500); 0 = none. Default PACKGATE_REST_RATE_LIMIT_PER_MINUTE.',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Fidelity switches of this tenant; a switch left out takes the global default.',
  },
);

export type FidelityOverridesValue = Static<typeof FidelityOverrides>;
export type Fidelity = Required<FidelityOverridesValue>;
export const FIDELITY_SWITCHES = Object.keys(FidelityOverrides.properties) as ReadonlyArray<keyof Fidelity>;

/** The global defaults: the configuration. */
export function fidelityDefaults(config: Pick<PackgateConfig, keyof Fidelity>): Fidelity {
  return {
    propagationSeconds: config.propagationSeconds,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    tokenFormat: config.tokenFormat,
    acceptFormBodies: config.acceptFormBodies,
    acceptBasicAuth: config.acceptBasicAuth,
    tokenRateLimitPerMinute: config.tokenRateLimitPerMinute,
    restRateLimitPerMinute: config.restRateLimitPerMinute,
  };
}

/** What applies to a tenant: its overrides over the global defaults. */
export function resolveFidelity(
  config: Pick<PackgateConfig, keyof Fidelity>,
  overrides: FidelityOverridesValue,
): Fidelity {
  return Object.freeze({ ...fidelityDefaults(config), ...overrides });
}

/** The overrides in switch order, so that stored and compared forms are stable. */
export function normalizeOverrides(overrides: FidelityOverridesValue): FidelityOverridesValue {
  const out: Record<string, unknown> = {};
  for (const key of FIDELITY_SWITCHES) if (overrides[key] !== undefined) out[key] = overrides[key];
  return out as FidelityOverridesValue;
}
