// `npm test`: every suite (unit, contract, integration against a real server the run starts itself,
// reliability), then the count of tests per suite and the totals on the last line as `N passed, N failed`.
// Extra arguments go to vitest (e.g. `npm test -- --project unit`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

interface JsonReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { status: string; fullName: string }[];
  }[];
}

const root = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "conductor-sdk-test-"));
const reportFile = join(dir, "report.json");
const suiteOf = (file: string) => relative(root, file).split("/")[1] ?? "other";

const run = spawnSync(
  process.execPath,
  [
    join(root, "node_modules/vitest/vitest.mjs"),
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${reportFile}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit" },
);

let report: JsonReport | undefined;
try {
  report = JSON.parse(readFileSync(reportFile, "utf8")) as JsonReport;
} catch {
  report = undefined;
}
rmSync(dir, { recursive: true, force: true });

if (!report) {
  console.error(`vitest produced no report (exit ${run.status ?? run.signal})`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

// Suites are the folders under test/ (unit, contract, integration, examples, package, reliability).
const suites = new Map<string, { passed: number; failed: number; skipped: number }>();
for (const file of report.testResults) {
  const counts = suites.get(suiteOf(file.name)) ?? { passed: 0, failed: 0, skipped: 0 };
  for (const t of file.assertionResults) {
    if (t.status === "passed") counts.passed++;
    else if (t.status === "failed") counts.failed++;
    else counts.skipped++;
  }
  // A file that failed to load or whose hooks failed counts as a failure even with no test results.
  if (file.status === "failed" && !file.assertionResults.some((t) => t.status === "failed")) counts.failed++;
  suites.set(suiteOf(file.name), counts);
}

let passed = 0;
let failed = 0;
console.log("\ntests per suite:");
for (const [suite, c] of [...suites].sort()) {
  // A skipped test is a failing test here: nothing in this project may skip silently.
  console.log(
    `  ${suite.padEnd(12)} ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped (counted as failed)` : ""}`,
  );
  passed += c.passed;
  failed += c.failed + c.skipped;
}
if (run.status !== 0 && failed === 0) failed = 1; // vitest failed for a reason outside any test
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
