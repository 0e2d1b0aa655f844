/** The token a set-password link carries. */
export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token')!;
}
