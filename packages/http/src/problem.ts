import { z } from 'zod';

export interface ProblemFieldError {
  field: string;
  message: string;
}

/**
 * An RFC 9457 problem with a stable, machine-readable `code`. Every 4xx/5xx
 * Atalaia answers is one of these, served as application/problem+json.
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: ProblemFieldError[],
  ) {
    super(detail ?? title);
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: ProblemFieldError[];
}

/** The documentation URI of a problem code, e.g. VALIDATION_FAILED → …/problems/validation-failed. */
export function problemType(code: string): string {
  return `https://atalaia.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`;
}

export function problemBody(problem: ProblemError, instance?: string): ProblemBody {
  return {
    type: problemType(problem.code),
    title: problem.title,
    status: problem.status,
    code: problem.code,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}

/** Turns a zod failure into a 400 that lists every offending field. */
export function validationProblem(error: z.ZodError, where: 'body' | 'query' | 'path' | 'header'): ProblemError {
  const errors = error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  return new ProblemError(400, 'VALIDATION_FAILED', 'The request is invalid', `invalid ${where}`, errors);
}

/** Parses `value` with `schema` or throws the 400 problem naming each bad field. */
export function parseOrThrow<TSchema extends z.ZodType>(
  schema: TSchema,
  value: unknown,
  where: 'body' | 'query' | 'path' | 'header',
): z.infer<TSchema> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error, where);
  return result.data;
}
