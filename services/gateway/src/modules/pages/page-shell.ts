/**
 * The gateway's own pages (set-password, forgot-password): self-contained documents, no script,
 * no external asset, every dynamic text escaped. Their links and form actions are relative, so
 * they also work behind a PUBLIC_URL with a path (`https://host/gradeline/set-password?token=…`).
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export interface PageContent {
  title: string;
  /** Markup, already escaped where it holds dynamic text. */
  body: string;
}

/** A problem shown above a form, or nothing. */
export function problemBlock(problem: string | undefined): string {
  return problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : '';
}

/** "Too many attempts": the same wording on every page, since the same sign-in limit applies. */
export const TOO_MANY: PageContent = {
  title: 'Too many attempts',
  body: '<h1>Too many attempts from this network</h1><p>Nothing was changed. Wait a minute, then go back and try again.</p>',
};

const STYLE = `body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1d2430;line-height:1.5}
h1{font-size:1.4rem}label{display:block;margin-top:1rem;font-weight:600}
input[type=password],input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;margin-top:.25rem}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font-size:1rem}.hint{color:#555;font-size:.9rem}
.problem{background:#fdecea;border-left:4px solid #c62828;padding:.5rem .75rem}`;

export function renderShell({ title, body }: PageContent): string {
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
