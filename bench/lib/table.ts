// Table rendering shared by every part of the report: plain text for the terminal, Markdown for BENCHMARKS.md.

export const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

export function renderPlain(table: string[][]): string {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ");
  return [line(table[0]!), widths.map((w) => "-".repeat(w)).join("-+-"), ...table.slice(1).map(line)].join("\n");
}

export function renderMarkdown(table: string[][]): string {
  const [header, ...rows] = table;
  return [
    `| ${header!.join(" | ")} |`,
    `| ${header!.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`),
  ].join("\n");
}

/** `v` against a ratio limit to `base`: "met (1.02x)" or "MISSED (1.30x)". */
export function ratioVerdict(
  v: number | undefined,
  base: number | undefined,
  limit: number,
  direction: "at most" | "at least",
): string {
  if (v === undefined || base === undefined || base === 0) return "not measured";
  const ratio = v / base;
  const met = direction === "at most" ? ratio <= limit : ratio >= limit;
  return `${met ? "met" : "MISSED"} (${fmt(ratio, 2)}x)`;
}

/** One part of the report: a table, the lines under it, and its method notes. */
export interface Section {
  title: string;
  table: string[][];
  lines: string[];
  method: string[];
  /** A paragraph under the title in BENCHMARKS.md. */
  intro?: string;
}

export function renderSectionPlain(s: Section): string {
  return `${s.title}\n\n${renderPlain(s.table)}\n\n${s.lines.map((l) => `  - ${l}`).join("\n")}\n`;
}

export function renderSectionMarkdown(s: Section, intro: string): string {
  return [`## ${s.title}`, "", intro, "", renderMarkdown(s.table), "", ...s.lines.map((l) => `- ${l}`), ""].join("\n");
}
