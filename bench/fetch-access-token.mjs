/** One client_credentials token for a bench run, from the demo integration a bench server printed. */
export async function fetchAccessToken(info) {
  const res = await fetch(`${info.authBaseUri}v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: info.clientId,
      client_secret: info.clientSecret,
    }),
  });
  if (res.status !== 200) throw new Error(`token request: ${res.status} ${await res.text()}`);
  return (await res.json()).access_token;
}
