// Minimal first version; the full error hierarchy replaces it.
export class ConductorError extends Error {
  readonly status: number | undefined;
  readonly operation: string | undefined;
  readonly body: unknown;
  constructor(message: string, init: { status?: number; operation?: string; body?: unknown } = {}) {
    super(message);
    this.name = "ConductorError";
    this.status = init.status;
    this.operation = init.operation;
    this.body = init.body;
  }
}
