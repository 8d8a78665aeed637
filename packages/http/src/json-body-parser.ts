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

/**
 * Refuses shapes no request of ours needs (deep nesting, huge objects or
 * arrays) before validation walks them, and NUL characters, which PostgreSQL
 * text cannot store.
 */
export function checkJsonShape(value: unknown, limits: JsonShapeLimits, depth = 1): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new ProblemError(400, 'INVALID_CHARACTER', 'Strings may not contain NUL characters');
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > limits.maxDepth) throw tooComplex(`nesting deeper than ${limits.maxDepth}`);
  const children = Array.isArray(value) ? value : Object.entries(value).flat();
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
