/** Masks a secret (API key, access token) for logs: keeps the first 6 characters. */
export function maskSecret(secret: string): string {
  return secret.length <= 6 ? '****' : `${secret.slice(0, 6)}****`;
}
