import { escapeHtml, problemBlock, renderShell, TOO_MANY, type PageContent } from './page-shell';

/** The set-password page: where the links of invitation and reset mails lead. */
export type SetPasswordView =
  | { kind: 'form'; token: string; problem?: string }
  | { kind: 'no-token' }
  | { kind: 'done' }
  | { kind: 'link-invalid' }
  | { kind: 'too-many' }
  | { kind: 'unavailable' };

/** Shown on the form, and checked again by identity: the policy itself lives there. */
const ADVICE = 'At least 12 characters. A few unrelated words make a strong password that is easy to remember.';

function form(token: string, problem: string | undefined): string {
  return `<h1>Choose your password</h1>
<p>This link works once. After you choose your password, sign in with your school's code, your username and this password.</p>
${problemBlock(problem)}
<form method="post" action="set-password" autocomplete="off">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label for="password">New password</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="12" maxlength="256" required autofocus>
<label for="confirmation">The same password again</label>
<input id="confirmation" name="confirmation" type="password" autocomplete="new-password" minlength="12" maxlength="256" required>
<p class="hint">${ADVICE}</p>
<button type="submit">Set my password</button>
</form>`;
}

function content(view: SetPasswordView): PageContent {
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
        body: `<h1>This link is no longer valid</h1><p>It has already been used, a newer link replaced it, or it has expired.</p>
<p><a href="forgot-password">Ask for a new link</a> if your account has an email address, or ask your school's Gradeline administrator.</p>`,
      };
    case 'too-many':
      return TOO_MANY;
    case 'unavailable':
      return {
        title: 'Try again shortly',
        body: '<h1>Gradeline could not set your password just now</h1><p>Nothing was changed and your link still works. Try again in a few minutes.</p>',
      };
  }
}

export function renderSetPasswordPage(view: SetPasswordView): string {
  return renderShell(content(view));
}
