// Everything that stops generation is a GeneratorProblem: where (operation, correction or file:line),
// what is wrong, and what to do. A run collects all of them and reports them together, so an upgrade
// shows its whole cost in one pass instead of one error per run.
import { ConductorError } from "../../src/errors/conductor-error.js";

export type ProblemKind =
  "stale-correction" | "unnamed-operation" | "unsupported-construct" | "names-table" | "input" | "hand-written-code";

export interface GeneratorProblem {
  readonly kind: ProblemKind;
  /** What the problem is about: `PUT /api/secrets/{key}`, `correction "error-body"`, `src/x.ts:12`. */
  readonly where: string;
  readonly detail: string;
  /** What to do about it. */
  readonly fix: string;
}

const TITLES: Record<ProblemKind, string> = {
  "stale-correction": "stale corrections (spec/corrections.yaml)",
  "unnamed-operation": "operations without a name (spec/operation-names.yaml)",
  "unsupported-construct": "constructs the generator does not support",
  "names-table": "names table conflicts (spec/operation-names.yaml)",
  input: "unreadable input",
  "hand-written-code": "hand-written code that no longer compiles against generated/",
};

/**
 * Base of every error the generator CLIs throw (bad usage, an unreachable spec, problems in the spec), part of
 * the SDK's ConductorError family; `problems` lists what stops generation, when that is the cause.
 */
export class GeneratorError extends ConductorError {
  static override readonly kind: string = "GeneratorError";
  readonly problems: readonly GeneratorProblem[];
  constructor(message: string, init: { problems?: readonly GeneratorProblem[]; cause?: unknown } = {}) {
    super(message, { code: "GENERATOR", cause: init.cause });
    this.problems = init.problems ?? [];
  }
}

/** A command line the CLI cannot run: unknown command or flag, a missing value. */
export class UsageError extends GeneratorError {
  static override readonly kind: string = "UsageError";
}

/** The report a user reads: problems grouped by kind, each with where, what and what to do. */
export function formatProblems(problems: readonly GeneratorProblem[]): string {
  const lines: string[] = [];
  for (const kind of Object.keys(TITLES) as ProblemKind[]) {
    const ofKind = problems.filter((p) => p.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(`${TITLES[kind]}: ${ofKind.length}`);
    // One shared fix is said once, after the list; otherwise each problem carries its own.
    const shared = ofKind.every((p) => p.fix === ofKind[0]!.fix) && ofKind.length > 1;
    for (const p of ofKind) {
      lines.push(`  ${p.where}: ${p.detail}`);
      if (!shared) lines.push(`    -> ${p.fix}`);
    }
    if (shared) lines.push(`  -> ${ofKind[0]!.fix}`);
  }
  return lines.join("\n");
}
