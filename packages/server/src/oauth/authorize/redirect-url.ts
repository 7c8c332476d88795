/**
 * The redirect back to the client (RFC 6749 §4.1.2): the registered URI with our parameters
 * added to its query (a query it already has is kept, RFC 6749 §3.1.2).
 */
export function buildRedirectUrl(
  redirectUri: string,
  parameters: Readonly<Record<string, string | undefined>>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) url.searchParams.append(name, value);
  }
  return url.toString();
}
