import { escapeHtml, renderSetPasswordPage } from './set-password.page';

describe('set-password page', () => {
  it('escapes the token and the problem it shows, so a crafted link cannot inject markup', () => {
    const html = renderSetPasswordPage({ kind: 'form', token: '"><script>alert(1)</script>', problem: '<b>bold</b> & co' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; co');
  });

  it('escapes every character that is markup in text or attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
