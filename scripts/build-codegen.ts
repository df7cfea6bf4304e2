// Builds the companion package packages/codegen (`npm pack` there runs it via prepack): the generator's
// code (scripts/generate.ts and scripts/lib, the same code `npm run generate` runs) bundled into
// dist/cli.js with its four dependencies left as the package's own dependencies, plus copies of
// templates/ and of the SDK's corrections and names table. The copies are build output (gitignored).
import { chmodSync, cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "packages/codegen");

export async function buildCodegen(): Promise<void> {
  for (const dir of ["dist", "templates", "spec"]) rmSync(join(pkg, dir), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [join(pkg, "src/cli.ts")],
    outfile: join(pkg, "dist/cli.js"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
    external: ["handlebars", "openapi-typescript", "prettier", "prettier/*", "yaml"],
    logLevel: "warning",
  });
  chmodSync(join(pkg, "dist/cli.js"), 0o755);
  cpSync(join(root, "templates"), join(pkg, "templates"), { recursive: true });
  mkdirSync(join(pkg, "spec"), { recursive: true });
  for (const f of ["corrections.yaml", "operation-names.yaml"]) cpSync(join(root, "spec", f), join(pkg, "spec", f));
}

if (process.argv[1]?.endsWith("build-codegen.ts")) await buildCodegen();
