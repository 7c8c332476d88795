/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `<input type="hidden">` for each parameter, escaped. */
export function hiddenFields(fields: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n      ');
}

/** The page frame: no scripts, no external resources; `body` must already be escaped markup. */
export function renderPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(title)} · Packgate</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; background: #f3f5f8; margin: 0; }
    main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px;
           box-shadow: 0 1px 4px rgba(0,0,0,.15); }
    h1 { font-size: 1.3rem; margin-top: 0; }
    label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
    input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; }
    button { margin-top: 1.25rem; padding: .6rem 1.2rem; font-size: 1rem; }
    .error { color: #a40000; background: #fdecec; padding: .5rem .75rem; border-radius: 4px; }
    .muted { color: #555; font-size: .9rem; }
    fieldset { border: 0; padding: 0; }
  </style>
</head>
<body>
  <main>
${body}
  </main>
</body>
</html>
`;
}

/** Headers for every page: never cached, never framed (clickjacking), no referrer leaks. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};
