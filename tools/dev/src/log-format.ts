const COLOURS = [36, 33, 35, 32, 34, 31, 96, 93];
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'service', 'v']);

export function colourFor(index: number): (text: string) => string {
  const code = COLOURS[index % COLOURS.length];
  return process.stdout.isTTY ? (t) => `\x1b[${code}m${t}\x1b[0m` : (t) => t;
}

/** Turns one pino JSON line into `12:00:01 INFO  message key=value …`; other lines pass as they are. */
export function formatLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const rec = JSON.parse(line) as Record<string, unknown>;
    const time = typeof rec.time === 'number' ? new Date(rec.time).toISOString().slice(11, 19) : '';
    const level = LEVELS[Number(rec.level)] ?? String(rec.level);
    const extras = Object.entries(rec)
      .filter(([k, v]) => !SKIP.has(k) && v !== undefined && typeof v !== 'object')
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    const err = rec.err as { message?: string; stack?: string } | undefined;
    const stack = err?.stack ? `\n${err.stack}` : '';
    return `${time} ${level} ${String(rec.msg ?? '')}${extras ? ` ${extras}` : ''}${stack}`;
  } catch {
    return line;
  }
}
