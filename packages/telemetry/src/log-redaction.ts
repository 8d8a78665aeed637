/**
 * What keeps credentials out of logs, in two layers: pino `redact` censors
 * fields whose name says they hold one, and `scrubSecrets` rewrites the
 * finished line so a key that slipped into any string (a message, an error's
 * stack, a URL) is cut to its visible prefix.
 */
export const REDACTED = '[REDACTED]';

const credentialFields = [
  'apiKey',
  'api_key',
  'apikey',
  'x-api-key',
  'key',
  'token',
  'accessToken',
  'access_token',
  'password',
  'secret',
  'authorization',
  'Authorization',
  'cookie',
];

/** pino's redaction has no "any depth" wildcard, so each name is listed at the depths logs reach. */
const MAX_DEPTH = 4;

const isIdentifier = (name: string) => /^[A-Za-z_$][\w$]*$/.test(name);

function atEveryDepth(name: string): string[] {
  return Array.from({ length: MAX_DEPTH }, (_, depth) => {
    const parents = Array<string>(depth).fill('*').join('.');
    if (isIdentifier(name)) return parents ? `${parents}.${name}` : name;
    return `${parents}["${name}"]`;
  });
}

/** Every value of a logged header bag, and credential-named fields at any depth up to `MAX_DEPTH`. */
export const redactedPaths: string[] = [
  'headers.*',
  '*.headers.*',
  ...credentialFields.flatMap(atEveryDepth),
];

const secretPatterns: Array<[RegExp, string]> = [
  // Atalaia API keys (`atk_<8 hex>_<secret>`): the prefix names the client and is safe to keep.
  [/(atk_[0-9a-f]{8}_)[A-Za-z0-9_-]+/g, `$1${REDACTED}`],
  // The local stack's development key.
  [/(atalaia_dev_)[A-Za-z0-9_-]+/g, `$1${REDACTED}`],
  // A key sent in a query string, whatever its format.
  [/([?&](?:api_?key|apikey|key|token|access_token)=)[^&\s"\\]+/gi, `$1${REDACTED}`],
];

/** Rewrites any API key, development key or credential query parameter in `line`. */
export function scrubSecrets(line: string): string {
  let scrubbed = line;
  for (const [pattern, replacement] of secretPatterns) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}
