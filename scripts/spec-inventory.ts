// `npm run spec:inventory -- <older openapi.json> <version>`: records in spec/min-versions.yaml every
// operation of spec/openapi.json that the older server's document lacks, with the oldest supported
// version known to have it (<version>). The SDK uses the table to turn a 404 from such an operation on
// an older server into ServerVersionError. The older document comes from
// `npm run spec:pull -- --version <old> --out-dir /tmp/old`.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { eachOperation, type OpenApiDocument } from "./lib/openapi.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [olderFile, version] = process.argv.slice(2).filter((a) => a !== "--");
if (!olderFile || !version || !/^\d+\.\d+\.\d+$/.test(version)) {
  process.stderr.write("usage: npm run spec:inventory -- <older openapi.json> <oldest version that has the rest>\n");
  process.exit(2);
}
const read = (f: string) => JSON.parse(readFileSync(f, "utf8")) as OpenApiDocument;
const older = new Set([...eachOperation(read(olderFile))].map(([key]) => key));
const olderVersion = (
  JSON.parse(readFileSync(join(dirname(olderFile), "source.json"), "utf8")) as { serverVersion: string }
).serverVersion;
const newer = [...eachOperation(read(join(root, "spec/openapi.json")))]
  .map(([key]) => key)
  .filter((k) => !older.has(k));
writeFileSync(
  join(root, "spec/min-versions.yaml"),
  `# Operations Conductor ${olderVersion} (the oldest supported server) does not have, with the oldest supported\n` +
    `# version that has them. Written by \`npm run spec:inventory\` from ${olderVersion}'s /api-docs; read by\n` +
    `# \`npm run generate\` into generated/min-versions.ts, which turns a 404 from one of these on an older server\n` +
    `# into ServerVersionError.\n\n` +
    newer.map((key) => `${JSON.stringify(key)}: ${JSON.stringify(version)}`).join("\n") +
    "\n",
);
process.stderr.write(`spec/min-versions.yaml: ${newer.length} operations newer than ${olderVersion}\n`);
