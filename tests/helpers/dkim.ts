// DKIM checked as a receiver would: mailauth verifies, with the selector's public key served by a stub DNS resolver.
import { generateKeyPairSync } from "node:crypto";
import { authenticate } from "mailauth";

export interface DkimTestKey {
  /** The private key as PEM, for LEADLINE_DKIM_PRIVATE_KEY or a signer. */
  pem: string;
  /** The public key as the selector's DNS TXT record publishes it (base64 DER). */
  dnsKey: string;
}

/** A fresh RSA-2048 key pair for a DKIM test. */
export function dkimTestKey(): DkimTestKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    pem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    dnsKey: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
  };
}

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
