// Conductor's error answer for a typed msw handler. The generated factories type a resolver's success body from
// the spec, so an error body (the server's ErrorResponse) does not fit their return type; this builds one that
// does, with the status and shape the server uses (`{ status, message, retryable, ... }`), so the SDK under test
// sees a ConductorError exactly as it would from a server.
import { HttpResponse } from "msw";
import type { ErrorResponse } from "../../generated/models.js";

export type ConductorErrorBody = ErrorResponse;

/**
 * `HttpResponse` with Conductor's error body, assignable to any generated handler's resolver:
 *
 *   workflowHandlers.getWorkflow(({ params }) => conductorErrorResponse(404, `No such workflow found by id: ${params.workflowId}`))
 *
 * @example
 * ```ts
 * server.use(
 *   workflowHandlers.getWorkflow(({ params }) => conductorErrorResponse(404, `No such workflow found by id: ${params.workflowId}`)),
 * );
 * await expect(workflowClient.getWorkflow("missing")).rejects.toBeInstanceOf(NotFoundError);
 * ```
 */
export function conductorErrorResponse(
  status: number,
  message: string,
  extra: Omit<Partial<ConductorErrorBody>, "status" | "message"> = {},
): HttpResponse<never> {
  const body: ConductorErrorBody = { status, message, retryable: false, ...extra };
  // An error answer carries no success body; `never` lets it stand where any success body is expected.
  return HttpResponse.json(body, { status }) as unknown as HttpResponse<never>;
}
