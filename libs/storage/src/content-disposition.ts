// Characters that need the RFC 8187 form: non-ASCII, and those some clients misread in a quoted name.
const NEEDS_EXTENDED = /[^\u0020-\u007e]|["\\%]/;

/**
 * `attachment; filename="…"`, plus an RFC 8187 `filename*` (UTF-8) when the name is not plain ASCII,
 * so "Copie – Élève 12.pdf" survives and quotes or CR/LF can never break out of the header.
 */
export function attachmentDisposition(downloadName: string): string {
  if (!NEEDS_EXTENDED.test(downloadName)) return `attachment; filename="${downloadName}"`;
  const ascii = downloadName.replace(new RegExp(NEEDS_EXTENDED.source, 'g'), '_');
  const encoded = encodeURIComponent(downloadName).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
