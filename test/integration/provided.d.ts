// Values test/integration/global-setup.ts hands to integration tests via `inject(...)`.
export {};

declare module "vitest" {
  export interface ProvidedContext {
    /** API root of the shared test server, e.g. "http://127.0.0.1:38123/api". */
    conductorApiUrl: string;
    /** Server root (no /api), e.g. "http://127.0.0.1:38123". */
    conductorServerUrl: string;
    /**
     * Root of the FakeLlmProvider the shared server's `openai` provider points at (connect with
     * `FakeLlmProvider.connect(url)`); "" when an external server was given without one.
     */
    fakeLlmUrl: string;
  }
}
