/**
 * The set-password page's HTML: where the links of invitation and reset mails lead. One
 * self-contained document (no script, no external asset), every dynamic text escaped.
 */

export type SetPasswordView =
  | { kind: 'form'; token: string; problem?: string }
  | { kind: 'no-token' }
  | { kind: 'done' }
  | { kind: 'link-invalid' }
  | { kind: 'too-many' }
  | { kind: 'unavailable' };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Shown on the form, and checked again by identity: the policy itself lives there. */
const ADVICE = 'At least 12 characters. A few unrelated words make a strong password that is easy to remember.';

function form(token: string, problem: string | undefined): string {
  return `<h1>Choose your password</h1>
<p>This link works once. After you choose your password, sign in with your school's code, your username and this password.</p>
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/set-password" autocomplete="off">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label for="password">New password</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="12" maxlength="256" required autofocus>
<label for="confirmation">The same password again</label>
<input id="confirmation" name="confirmation" type="password" autocomplete="new-password" minlength="12" maxlength="256" required>
<p class="hint">${ADVICE}</p>
<button type="submit">Set my password</button>
</form>`;
}

function content(view: SetPasswordView): { title: string; body: string } {
  switch (view.kind) {
    case 'form':
      return { title: 'Choose your password', body: form(view.token, view.problem) };
    case 'no-token':
      return {
        title: 'Link incomplete',
        body: '<h1>This link is incomplete</h1><p>Open the whole link from your invitation or password-reset email. If your email program cut it in two, copy both parts into the address bar.</p>',
      };
    case 'done':
      return {
        title: 'Password set',
        body: "<h1>Your password is set</h1><p>Sign in with your school's code, your username and your new password. Anyone signed in to your account elsewhere has been signed out.</p>",
      };
    case 'link-invalid':
      return {
        title: 'Link no longer valid',
        body: "<h1>This link is no longer valid</h1><p>It has already been used, a newer link replaced it, or it has expired. Ask your school's Gradeline administrator for a new one.</p>",
      };
    case 'too-many':
      return {
        title: 'Too many attempts',
        body: '<h1>Too many attempts from this network</h1><p>Nothing was changed and your link still works. Wait a minute, then go back and try again.</p>',
      };
    case 'unavailable':
      return {
        title: 'Try again shortly',
        body: '<h1>Gradeline could not set your password just now</h1><p>Nothing was changed and your link still works. Try again in a few minutes.</p>',
      };
  }
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1d2430;line-height:1.5}
h1{font-size:1.4rem}label{display:block;margin-top:1rem;font-weight:600}
input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;margin-top:.25rem}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font-size:1rem}.hint{color:#555;font-size:.9rem}
.problem{background:#fdecea;border-left:4px solid #c62828;padding:.5rem .75rem}`;

export function renderSetPasswordPage(view: SetPasswordView): string {
  const { title, body } = content(view);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Gradeline</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
