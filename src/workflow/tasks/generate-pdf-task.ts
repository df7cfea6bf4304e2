import type { TaskOptions } from "../task.js";
import type { WorkflowTask } from "../types.js";
import { AiTask } from "./ai-task.js";

/** The input of GENERATE_PDF (the server's MarkdownToPdfRequest). */
export interface GeneratePdfInput {
  /** The document, in Markdown; blank fails the task. */
  markdown: string;
  /** `A4` (default), `LETTER` or `LEGAL`. */
  pageSize?: "A4" | "LETTER" | "LEGAL" | (string & {});
  /** Margins in points (default 72). */
  marginTop?: number | string;
  marginRight?: number | string;
  marginBottom?: number | string;
  marginLeft?: number | string;
  /** `default` or `compact`. */
  theme?: "default" | "compact" | (string & {});
  baseFontSize?: number | string;
  /** Where to write the file; it must pass the server's document access policy. */
  outputLocation?: string;
  /** title, author, subject, keywords. */
  pdfMetadata?: Record<string, string> | string;
  /** The base of relative image paths. */
  imageBaseUrl?: string;
}

/**
 * Renders Markdown to a PDF inside the server, no provider needed (GENERATE_PDF). Output:
 * `result: { location, sizeBytes }` and `media: [{ location, mimeType: "application/pdf" }]`.
 *
 * @example
 * ```ts
 * const pdf = new GeneratePdfTask("invoice_pdf", { markdown: "# Invoice\n\nTotal: ${workflow.input.total}", pageSize: "A4" });
 * wf.add(pdf).outputParameters({ file: pdf.result("location") });
 * ```
 */
export class GeneratePdfTask extends AiTask {
  constructor(taskReferenceName: string, input: GeneratePdfInput, options: TaskOptions = {}) {
    super("GENERATE_PDF", "GeneratePdfTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const pdf = GeneratePdfTask.fromWorkflowTask({
   *   name: "invoice_pdf",
   *   taskReferenceName: "invoice_pdf",
   *   type: "GENERATE_PDF",
   *   inputParameters: { markdown: "# Invoice" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): GeneratePdfTask {
    return AiTask.restore(json, () => new GeneratePdfTask("", {} as GeneratePdfInput));
  }
}
