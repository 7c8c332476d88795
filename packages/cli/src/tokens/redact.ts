const SECRET_LIKE = /SFMC_[A-Za-z0-9]{20,}/g;

/** Removes the given secrets and anything secret-shaped from text that is about to be printed. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 8) out = out.split(s).join('[redacted]');
  return out.replace(SECRET_LIKE, 'SFMC_[redacted]');
}
