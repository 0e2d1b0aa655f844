import { renderForgotPasswordPage } from './forgot-password.page';
import { escapeHtml } from './page-shell';
import { renderSetPasswordPage } from './set-password.page';

describe("the gateway's pages", () => {
  it('escape the token and the problem they show, so a crafted link cannot inject markup', () => {
    const html = renderSetPasswordPage({ kind: 'form', token: '"><script>alert(1)</script>', problem: '<b>bold</b> & co' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; co');
  });

  it('escape what a person typed when the forgot-password form comes back', () => {
    const html = renderForgotPasswordPage({ kind: 'form', school: '"><img src=x>', login: "o'neil<", problem: 'x' });
    expect(html).not.toContain('<img');
    expect(html).toContain('value="&quot;&gt;&lt;img src=x&gt;"');
    expect(html).toContain('value="o&#39;neil&lt;"');
  });

  it('escape every character that is markup in text or attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
