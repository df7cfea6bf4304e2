// The companion package as a user gets it: `npm pack` of packages/codegen from the clean copy the suite packed
// the SDK from, installed with the SDK tarball into a consumer project, `conductor-ts generate` against the
// run's live AI-on server, the output compiled --strict (NodeNext) and run: it calls AI-only endpoints
// (GET /api/providers/status, secrets) through the SDK's Configuration and Transport.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { exec, packedSdk, repoRoot, tsc } from "./support/packed.js";

describe("@conductor-ts/codegen (conductor-ts generate)", () => {
  it("generates a strict-compiling client for the live server that calls an AI-only endpoint", async () => {
    const sdk = packedSdk();
    const dir = join(sdk.root, "..", "codegen-consumer");
    mkdirSync(dir, { recursive: true });
    const packed = await exec("npm", ["pack", "--json", "--pack-destination", dir], {
      cwd: join(sdk.sourceDir, "packages/codegen"),
      timeoutMs: 180_000,
    });
    expect(packed.code, packed.report).toBe(0);
    const report = JSON.parse(packed.stdout.slice(packed.stdout.search(/^\[/m))) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = report[0]!.files.map((f) => f.path).sort();
    expect(files).toContain("dist/cli.js");
    expect(files).toContain("templates/resource.hbs");
    expect(files).toContain("spec/corrections.yaml");

    const devDeps = (
      JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
        devDependencies: Record<string, string>;
      }
    ).devDependencies;
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({
        name: "codegen-consumer",
        private: true,
        type: "module",
        dependencies: {
          "@conductor-ts/sdk": `file:${sdk.tarball}`,
          "@conductor-ts/codegen": `file:${join(dir, report[0]!.filename)}`,
          typescript: devDeps.typescript,
          "@types/node": devDeps["@types/node"],
        },
      }),
    );
    const installed = await exec(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
      {
        cwd: dir,
        timeoutMs: 300_000,
      },
    );
    expect(installed.code, installed.report).toBe(0);
    // The generator's dependencies belong to the companion package, never to the SDK.
    const sdkPkg = JSON.parse(readFileSync(join(dir, "node_modules/@conductor-ts/sdk/package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(sdkPkg.dependencies)).not.toContain("openapi-typescript");
    expect(Object.keys(sdkPkg.dependencies)).not.toContain("handlebars");

    const generated = await exec(
      join(dir, "node_modules/.bin/conductor-ts"),
      ["generate", "--url", `${inject("conductorServerUrl")}/api-docs`, "--out", "src/conductor-api"],
      { cwd: dir, timeoutMs: 300_000 },
    );
    expect(generated.code, generated.report).toBe(0);
    expect(generated.stderr).toMatch(/wrote \d+ files to .*conductor-api: \d+ operations in \d+ resources/);

    const key = `codegen_${Math.random().toString(36).slice(2, 10)}`;
    writeFileSync(
      join(dir, "src/main.ts"),
      [
        'import { Configuration, Transport } from "@conductor-ts/sdk";',
        'import { createResources } from "./conductor-api/index.js";',
        "",
        "const api = createResources(new Transport(new Configuration()));",
        "const status = await api.providers.getProviderStatus();",
        "const exists: boolean = await api.secrets.secretExists(process.env.SECRET_KEY!);",
        "const agents = await api.agent.listAgents();",
        "console.log(JSON.stringify({ status, exists, agents: Array.isArray(agents) }));",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noUncheckedIndexedAccess: true,
          outDir: "dist",
          rootDir: "src",
          types: ["node"],
          skipLibCheck: false,
        },
        include: ["src"],
      }),
    );
    const compiled = await tsc(join(dir, "tsconfig.json"));
    expect(compiled.code, compiled.report).toBe(0);

    const ran = await exec(process.execPath, ["dist/main.js"], {
      cwd: dir,
      env: { CONDUCTOR_SERVER_URL: inject("conductorApiUrl"), SECRET_KEY: key },
    });
    expect(ran.code, ran.report).toBe(0);
    const out = JSON.parse(ran.stdout) as {
      status: { providers: { name: string }[] };
      exists: boolean;
      agents: boolean;
    };
    expect(out.status.providers.map((p) => p.name)).toContain("openai");
    expect(out.exists).toBe(false);
    expect(out.agents).toBe(true);
  }, 900_000);
});
