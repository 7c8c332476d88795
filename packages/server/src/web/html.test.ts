import { describe, expect, it } from 'vitest';
import { escapeHtml, hiddenFields } from './html.js';

describe('HTML escaping of echoed values', () => {
  it('escapes markup and both quote kinds', () => {
    expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe(
      '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;',
    );
  });

  it('escapes hidden field values and skips undefined ones', () => {
    expect(hiddenFields({ state: '"><img src=x>', scope: undefined })).toBe(
      '<input type="hidden" name="state" value="&quot;&gt;&lt;img src=x&gt;">',
    );
  });
});
