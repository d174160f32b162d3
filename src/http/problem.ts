/**
 * Errors as RFC 9457 `application/problem+json`: a stable `code`, a message a user can act on,
 * and for bad input the fields at fault.
 */

export interface FieldError {
  /** Where in the request: `body.queries[3].year`, `querystring.limit`, `header.authorization`. */
  field: string;
  message: string;
  /** A stable code for this field's problem, where the domain has one (CBAM: E001–E010). */
  code?: string;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export function badRequest(field: string, message: string): HttpProblem {
  return new HttpProblem(400, 'VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
}

export function notFound(what: string, id: string): HttpProblem {
  return new HttpProblem(404, 'NOT_FOUND', `${what} ${id} does not exist`);
}

export const PROBLEM_TYPE_BASE = 'https://greenline.dev/problems/';
