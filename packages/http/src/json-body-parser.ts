import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { ProblemError } from './problem';

export interface JsonShapeLimits {
  maxDepth: number;
  maxKeysPerObject: number;
  maxArrayLength: number;
}

export const defaultJsonShapeLimits: JsonShapeLimits = { maxDepth: 8, maxKeysPerObject: 64, maxArrayLength: 256 };

const tooComplex = (detail: string) => new ProblemError(400, 'JSON_TOO_COMPLEX', 'The JSON body is nested or sized beyond the limits', detail);

/** A lone UTF-16 surrogate: JSON can carry it as an escape, but it is not Unicode text and PostgreSQL refuses it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text PostgreSQL can store: no NUL characters and no lone surrogates. */
export function checkStorableText(value: string): void {
  if (value.includes('\u0000')) throw new ProblemError(400, 'INVALID_CHARACTER', 'Text may not contain NUL characters');
  if (LONE_SURROGATE.test(value)) throw new ProblemError(400, 'INVALID_CHARACTER', 'Text must be well-formed Unicode');
}

/**
 * Refuses shapes no request of ours needs (deep nesting, huge objects or
 * arrays) before validation walks them, and text PostgreSQL cannot store.
 */
export function checkJsonShape(value: unknown, limits: JsonShapeLimits, depth = 1): void {
  if (typeof value === 'string') return checkStorableText(value);
  if (value === null || typeof value !== 'object') return;
  if (depth > limits.maxDepth) throw tooComplex(`nesting deeper than ${limits.maxDepth}`);
  const children = Array.isArray(value) ? value : Object.entries(value).flat();
  if (!Array.isArray(value)) Object.keys(value).forEach(checkStorableText);
  if (Array.isArray(value) && value.length > limits.maxArrayLength) throw tooComplex(`an array longer than ${limits.maxArrayLength}`);
  if (!Array.isArray(value) && children.length / 2 > limits.maxKeysPerObject) throw tooComplex(`an object with more than ${limits.maxKeysPerObject} keys`);
  for (const child of children) checkJsonShape(child, limits, depth + 1);
}

/**
 * JSON bodies are parsed with prototype-poisoning protection (`__proto__` and
 * `constructor.prototype` keys are refused) and checked against shape limits.
 */
export function registerJsonBodyParser(app: FastifyInstance, limits: JsonShapeLimits = defaultJsonShapeLimits): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(new ProblemError(400, 'INVALID_JSON', 'The request body is empty'), undefined);
    let parsed: unknown;
    try {
      parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch (error) {
      return done(new ProblemError(400, 'INVALID_JSON', 'The request body is not valid JSON', (error as Error).message), undefined);
    }
    try {
      checkJsonShape(parsed, limits);
    } catch (error) {
      return done(error as Error, undefined);
    }
    return done(null, parsed);
  });
}
