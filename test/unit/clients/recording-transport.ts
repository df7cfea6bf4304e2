// A transport that records each request and answers from a function: the client unit tests check what
// a method sends without a server.
import type { CallOptions, OperationRequest, OperationTransport } from "../../../src/transport/index.js";

export class RecordingTransport implements OperationTransport {
  readonly calls: { request: OperationRequest; options: CallOptions | undefined }[] = [];
  constructor(private readonly answer: (request: OperationRequest) => unknown = () => undefined) {}
  async call<T>(request: OperationRequest, options?: CallOptions): Promise<T> {
    this.calls.push({ request, options });
    return this.answer(request) as T;
  }
}
