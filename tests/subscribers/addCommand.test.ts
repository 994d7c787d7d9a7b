import { writeFileSync } from "node:fs";
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

  it("refuses a file that is not UTF-8 (a spreadsheet's Latin-1 export) rather than storing garbled names, naming the line", async () => {
    writeFileSync(`${temp.dir}/latin1.csv`, Buffer.from("email,name,city\nlat@example.org,Jos\xe9 M\xfcller,K\xf6ln\n", "latin1"));
    const latin1 = await runCli(["-c", config, "subscribers", "import", `${temp.dir}/latin1.csv`]);
    expect(latin1.code).toBe(1);
    expect(latin1.stderr).toBe(`leadline: ${temp.dir}/latin1.csv: line 2 is not UTF-8 text (byte 0xE9, as in Latin-1 or Windows-1252); save the file as UTF-8 ("CSV UTF-8" in Excel)`);
    writeFileSync(`${temp.dir}/utf16.csv`, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("email\nu@example.org\n", "utf16le")]));
    const utf16 = await runCli(["-c", config, "subscribers", "import", `${temp.dir}/utf16.csv`]);
    expect(utf16.stderr).toBe(`leadline: ${temp.dir}/utf16.csv: UTF-16 text; save the file as UTF-8 ("CSV UTF-8" in Excel)`);
    expect((await runCli(["-c", config, "subscribers", "list", "--json"])).stdout).toBe("");
    // UTF-8, with the byte-order mark Excel writes, is read as it is.
    writeFileSync(`${temp.dir}/utf8.csv`, `\ufeffemail,name\nlat@example.org,José Müller\n`);
    expect((await runCli(["-c", config, "subscribers", "import", `${temp.dir}/utf8.csv`])).code).toBe(0);
    expect(JSON.parse((await runCli(["-c", config, "subscribers", "list", "--json"])).stdout)).toMatchObject({ email: "lat@example.org", name: "José Müller" });
  });

  it("says an address already on the list is left as it is, with its status and how to make it active again", async () => {
    const add = () => runCli(["-c", config, "subscribers", "add", "ada@example.org"]);
    await add();
    expect((await add()).stdout).toBe("ada@example.org is already subscribed");
    await runCli(["-c", config, "subscribers", "status", "ada@example.org", "unsubscribed"]);
    const again = await add();
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      "ada@example.org is on the list as unsubscribed and was left as it is (to send them issues again: leadline subscribers status ada@example.org active)",
    );
    expect(JSON.parse((await runCli(["-c", config, "subscribers", "list", "--json"])).stdout)).toMatchObject({ status: "unsubscribed" });
    // Typed in other cases, the address is found, and named as it is stored.
    const cli = (...args: string[]) => runCli(["-c", config, "subscribers", ...args]);
    expect((await cli("status", "ADA@Example.ORG", "active")).stdout).toBe("ada@example.org is now active");
    expect((await cli("add", "Ada@EXAMPLE.org")).stdout).toBe("ada@example.org is already subscribed");
    expect((await cli("remove", "ADA@example.ORG")).stdout).toBe("removed ada@example.org");
  });

  it("counts addresses already on the list by status, and exits 1 when it rejected a line", async () => {
    temp.file("first.csv", "email,status\nada@example.org,\ngrace@example.org,Unsubscribed\nalan@example.org,BOUNCED\n");
    const first = await runCli(["-c", config, "subscribers", "import", `${temp.dir}/first.csv`]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("imported 3 subscriber(s), rejected 0 line(s)");
    temp.file("second.csv", "email\nada@example.org\ngrace@example.org\nalan@example.org\nedsger@example.org\nnot-an-address\n");
    const second = await runCli(["-c", config, "subscribers", "import", `${temp.dir}/second.csv`]);
    expect(second.code).toBe(1);
    expect(second.stdout.split("\n")).toEqual([
      `${temp.dir}/second.csv:6: invalid address "not-an-address": expected local@domain`,
      "imported 1 subscriber(s), 1 already subscribed, 2 already on the list but not active, left as they are (1 unsubscribed, 1 bounced), rejected 1 line(s)",
    ]);
    const list = await runCli(["-c", config, "subscribers", "list"]);
    expect(list.stdout.split("\n").map((line) => line.split("\t").slice(0, 2).join(" "))).toEqual([
      "ada@example.org active",
      "grace@example.org unsubscribed",
      "alan@example.org bounced",
      "edsger@example.org active",
    ]);
    temp.file("third.csv", "email,status\nedsger@example.org,unsubscribed\n");
    expect((await runCli(["-c", config, "subscribers", "import", `${temp.dir}/third.csv`])).stdout.split("\n")).toEqual([
      `${temp.dir}/third.csv:2: edsger@example.org was active and is now unsubscribed, as the file says`,
      "imported 0 subscriber(s), 1 given the status the file says, rejected 0 line(s)",
    ]);
  });
});
