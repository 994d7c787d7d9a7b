// DKIM checked as a receiver would: mailauth verifies, with the selector's public key served by a stub DNS resolver.
import { authenticate } from "mailauth";

/** mailauth's DKIM results for the message ("pass", "fail", "neutral"…), comma-joined. */
export async function dkimVerdict(raw: Buffer, selectorDomain: string, publicKeyBase64: string): Promise<string> {
  const auth = await authenticate(raw, {
    ip: "127.0.0.1",
    helo: "localhost",
    sender: "news@example.org",
    resolver: async (name: string, type: string) => {
      if (type === "TXT" && name === selectorDomain) return [[`v=DKIM1; k=rsa; p=${publicKeyBase64}`]];
      throw Object.assign(new Error(`no ${type} record for ${name}`), { code: "ENOTFOUND" });
    },
  });
  return auth.dkim.results.map((r: { status: { result: string } }) => r.status.result).join(",");
}
