/**
 * A browser without JavaScript: follows nothing by itself, keeps cookies, reads forms from the
 * HTML and posts them as application/x-www-form-urlencoded — exactly what a no-JS browser does.
 */
export interface Page {
  status: number;
  location: string | undefined;
  html: string;
  headers: Headers;
}

export interface HtmlForm {
  action: string;
  fields: Record<string, string>;
  /** Radio button values by name (e.g. the BU chooser's `mid`). */
  options: Record<string, string[]>;
}

const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decodeEntities(m[1] ?? '') : undefined;
};

/** The first POST form of the page: its action, hidden and pre-filled fields, radio options. */
export function parseForm(html: string): HtmlForm {
  const form = /<form[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error(`no form in page:\n${html.slice(0, 500)}`);
  const action = attr(form[0].slice(0, form[0].indexOf('>') + 1), 'action') ?? '';
  const fields: Record<string, string> = {};
  const options: Record<string, string[]> = {};
  for (const [tag] of (form[1] ?? '').matchAll(/<input[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name) continue;
    const value = attr(tag, 'value') ?? '';
    if (attr(tag, 'type') === 'radio') {
      options[name] = [...(options[name] ?? []), value];
      if (/\schecked/.test(tag)) fields[name] = value;
    } else if (attr(tag, 'type') !== 'password') fields[name] = value;
  }
  return { action, fields, options };
}

export class Browser {
  readonly cookies = new Map<string, string>();

  async get(url: string): Promise<Page> {
    return this.#send(url, { method: 'GET' });
  }

  async post(
    url: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Page> {
    return this.#send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async #send(url: string, init: RequestInit): Promise<Page> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some(
        (a) =>
          /^\s*max-age=0\s*$/i.test(a) ||
          (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: res.status,
      location: res.headers.get('location') ?? undefined,
      html: await res.text(),
      headers: res.headers,
    };
  }
}
