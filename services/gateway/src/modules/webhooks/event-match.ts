/** Does a subscription's list (exact types, `<service>.*`) take this event type? */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  const producer = type.slice(0, type.indexOf('.'));
  return patterns.some((p) => p === type || p === `${producer}.*`);
}
