// LocalConductorCluster's preconditions: a missing PostgreSQL or HAProxy is reported at once with a
// typed error naming what to install, before anything is started. (The cluster itself runs in the
// reliability suite and the bench.)
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  LoadBalancerNotFoundError,
  LocalConductorCluster,
  LocalConductorError,
  PostgresNotFoundError,
} from "../../../src/testing/index.js";
import { findHaproxy, haproxyConfig } from "../../../src/testing/load-balancer.js";
import { findPostgres } from "../../../src/testing/postgres.js";

const empty = mkdtempSync(path.join(os.tmpdir(), "cluster-unit-"));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe("LocalConductorCluster preconditions", () => {
  test("no PostgreSQL binaries: PostgresNotFoundError naming the place and what to install", async () => {
    const error = await findPostgres({ binDir: empty }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresNotFoundError);
    expect(error).toBeInstanceOf(LocalConductorError);
    expect((error as PostgresNotFoundError).checked[0]).toContain(empty);
    expect((error as Error).message).toMatch(/initdb.*apt-get install postgresql-15.*CONDUCTOR_TEST_PG_BIN/s);
    await expect(LocalConductorCluster.start({ postgresBin: empty, quiet: true })).rejects.toBeInstanceOf(
      PostgresNotFoundError,
    );
  });

  test("no HAProxy: LoadBalancerNotFoundError before any server starts", async () => {
    const missing = path.join(empty, "haproxy");
    expect(() => findHaproxy(missing)).toThrow(LoadBalancerNotFoundError);
    expect(() => findHaproxy(missing)).toThrow(
      new RegExp(`checked: ${missing}.*apt-get install haproxy.*CONDUCTOR_TEST_HAPROXY`, "s"),
    );
    const started = Date.now();
    await expect(LocalConductorCluster.start({ haproxy: missing, quiet: true })).rejects.toBeInstanceOf(
      LoadBalancerNotFoundError,
    );
    expect(Date.now() - started).toBeLessThan(30_000); // nothing was started
  });

  test("a bad node count is a LocalConductorError naming the option", async () => {
    await expect(LocalConductorCluster.start({ nodes: 0, quiet: true })).rejects.toThrow(
      /nodes must be an integer from 1 to 16, got 0/,
    );
  });

  test("the balancer checks /health, round-robins and tags answers with the node", () => {
    const cfg = haproxyConfig(8080, [
      { name: "node0", port: 9000 },
      { name: "node1", port: 9001 },
    ]);
    expect(cfg).toContain("bind 127.0.0.1:8080");
    expect(cfg).toContain("http-check send meth GET uri /health");
    expect(cfg).toContain("balance roundrobin");
    expect(cfg).toContain("server node0 127.0.0.1:9000 check");
    expect(cfg).toContain("server node1 127.0.0.1:9001 check");
    expect(cfg).toMatch(/http-response set-header x-conductor-node %s/);
  });
});
