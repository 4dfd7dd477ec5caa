/** Masks an Expo push token for logs: `ExponentPushToken[abcd…wxyz]` keeps 4 chars each side. */
export function maskToken(token: string): string {
  const m = /^(Expo(?:nent)?PushToken\[)(.*)(\])$/.exec(token);
  const inner = m ? m[2]! : token;
  const masked = inner.length <= 8 ? '****' : `${inner.slice(0, 4)}…${inner.slice(-4)}`;
  return m ? `${m[1]}${masked}${m[3]}` : masked;
}

/** Masks a secret (API key, access token) for logs: keeps the first 6 characters. */
export function maskSecret(secret: string): string {
  return secret.length <= 6 ? '****' : `${secret.slice(0, 6)}****`;
}
