import { escapeHtml, problemBlock, renderShell, TOO_MANY, type PageContent } from './page-shell';

/** The forgot-password page: asks identity to mail a reset link (POST /auth/forgot-password). */
export type ForgotPasswordView =
  | { kind: 'form'; school?: string; login?: string; problem?: string }
  | { kind: 'sent' }
  | { kind: 'too-many' }
  | { kind: 'unavailable' };

function form(school: string, login: string, problem: string | undefined): string {
  return `<h1>Forgot your password?</h1>
<p>Gradeline mails a link to choose a new one to the address of your account.</p>
${problemBlock(problem)}
<form method="post" action="forgot-password">
<label for="school">School code</label>
<input id="school" name="school" type="text" value="${escapeHtml(school)}" maxlength="64" autocomplete="organization">
<p class="hint">The code your school's administrator gave you. Leave it empty for a platform administrator account.</p>
<label for="login">Username or email</label>
<input id="login" name="login" type="text" value="${escapeHtml(login)}" maxlength="254" autocomplete="username" required autofocus>
<button type="submit">Mail me a link</button>
</form>`;
}

function content(view: ForgotPasswordView): PageContent {
  switch (view.kind) {
    case 'form':
      return { title: 'Forgot your password?', body: form(view.school ?? '', view.login ?? '', view.problem) };
    case 'sent':
      // The same answer whether the account exists or not: the page must not tell who has one.
      return {
        title: 'Check your mail',
        body: `<h1>Check your mail</h1><p>If this account exists and has an email address, a link to choose a new password is on its way. It works once, for one hour.</p>
<p>No mail after a few minutes? Look in your spam folder, check the school code and username, or ask your school's Gradeline administrator: they can send you a link too.</p>`,
      };
    case 'too-many':
      return TOO_MANY;
    case 'unavailable':
      return {
        title: 'Try again shortly',
        body: '<h1>Gradeline could not send a link just now</h1><p>Nothing was changed. Try again in a few minutes.</p>',
      };
  }
}

export function renderForgotPasswordPage(view: ForgotPasswordView): string {
  return renderShell(content(view));
}
