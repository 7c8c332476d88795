import { expect } from 'vitest';
import { expectOAuthError, type HttpResult } from '../../support/oauth-assertions.js';

/** Where one instance answers: its token and introspection endpoints. */
export interface RaceInstance {
  refresh(refreshToken: string): Promise<HttpResult>;
  introspect(token: string): Promise<boolean>;
}

export interface RaceRound {
  /** The winner's new pair. */
  winner: { access_token: string; refresh_token: string };
  /** Whether the family was found revoked after the round (the winner's refresh token refused). */
  familyRevoked: boolean;
}

/**
 * One round of the race: `concurrency` refreshes of one token at once, spread round-robin over
 * the instances. Exactly one may win; every other answer is `invalid_grant`. Then the family
 * must be gone: the winner's refresh token is refused on every instance and neither refresh
 * token introspects as active (the store says so at once; access tokens are checked by the
 * caller, since other instances learn of revocations by polling).
 */
export async function raceRefresh(
  instances: readonly RaceInstance[],
  refreshToken: string,
  concurrency: number,
): Promise<RaceRound> {
  const results = await Promise.all(
    Array.from({ length: concurrency }, (_, i) =>
      (instances[i % instances.length] as RaceInstance).refresh(refreshToken),
    ),
  );
  const winners = results.filter((r) => r.status === 200);
  expect(winners).toHaveLength(1);
  for (const loser of results.filter((r) => r.status !== 200)) expectOAuthError(loser, 'invalid_grant', 400);
  const winner = (winners[0] as HttpResult).body as RaceRound['winner'];
  let familyRevoked = true;
  for (const instance of instances) {
    const again = await instance.refresh(winner.refresh_token);
    if (again.status === 200) familyRevoked = false;
    else expectOAuthError(again, 'invalid_grant', 400);
    if (await instance.introspect(winner.refresh_token)) familyRevoked = false;
    if (await instance.introspect(refreshToken)) familyRevoked = false;
  }
  return { winner, familyRevoked };
}

/**
 * Forces the interleaving a race only sometimes produces: the first `count` lookups of an
 * active refresh token wait for each other, so every request sees the token active before any
 * rotates it (the losers then learn from the conditional UPDATE that they lost).
 */
export async function withLookupsInLockstep<T>(
  repo: { findRefreshToken(tokenHash: string): Promise<{ state: string } | undefined> },
  count: number,
  work: () => Promise<T>,
): Promise<{ result: T; lookups: number }> {
  const find = repo.findRefreshToken;
  let lookups = 0;
  let release: () => void = () => {};
  const allRead = new Promise<void>((resolve) => {
    release = resolve;
  });
  repo.findRefreshToken = async (tokenHash) => {
    const found = await find(tokenHash);
    if (lookups < count && found?.state === 'active') {
      if (++lookups === count) release();
      await allRead;
    }
    return found;
  };
  try {
    return { result: await work(), lookups };
  } finally {
    repo.findRefreshToken = find;
  }
}
