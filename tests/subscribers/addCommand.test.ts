import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir, runCli, writeConfig, type TempDir } from "../helpers/fixtures.ts";

describe("leadline subscribers add", () => {
  let temp: TempDir;
  let config: string;
  beforeEach(() => {
    temp = makeTempDir();
    config = writeConfig(temp, { feeds: [{ url: "none.xml" }] });
  });
  afterEach(() => temp.remove());

  it("keeps extra fields for templates", async () => {
    expect((await runCli(["-c", config, "subscribers", "add", "Ada@Example.ORG", "--name", "Ada", "--field", "city=London"])).stdout).toBe("added Ada@example.org"); // as stored: the domain lower-cased
    const list = await runCli(["-c", config, "subscribers", "list", "--json"]);
    expect(JSON.parse(list.stdout)).toMatchObject({ email: "Ada@example.org", name: "Ada", fields: { city: "London" }, status: "active" });
  });

  it("refuses field names templates could not address, and reserved ones", async () => {
    const spaced = await runCli(["-c", config, "subscribers", "add", "a@example.org", "--field", "first name=Ada"]);
    expect(spaced.code).toBe(1);
    expect(spaced.stderr).toBe('leadline: --field: field name "first name" must be letters, digits, _ or -, starting with a letter or _');
    const reserved = await runCli(["-c", config, "subscribers", "add", "a@example.org", "--field", "email=x@example.org"]);
    expect(reserved.stderr).toBe('leadline: --field: field name "email" is reserved (it is a column of its own)');
    expect((await runCli(["-c", config, "subscribers", "list", "--json"])).stdout).toBe("");
  });

  it("names the file when an import's header is unusable", async () => {
    temp.file("list.csv", "mail,name\na@example.org,A\n");
    const result = await runCli(["-c", config, "subscribers", "import", `${temp.dir}/list.csv`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`leadline: ${temp.dir}/list.csv:1: the header has no "email" column (found: mail, name)`);
  });
});
