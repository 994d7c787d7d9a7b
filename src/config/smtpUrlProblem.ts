// What is wrong with an SMTP URL (smtp.url or LEADLINE_SMTP_URL), found when the config loads rather than mid-send.

/**
 * Undefined when the URL is one the SMTP pool can use: smtp:// or smtps://, a host, a port from 1 to
 * 65535 when one is given. The message never repeats the URL: it may hold a password.
 */
export function smtpUrlProblem(value: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  if (!/^smtps?:\/\//.test(value)) return `expected an smtp:// or smtps:// URL${scheme ? `, got ${scheme}:` : ""}`;
  const [authority, rest] = splitAuthority(value);
  // A "/", "#" or "?" in a password ends the authority early and an "@" follows: what looks like the port is the password's.
  if (rest.includes("@")) return NOT_A_URL;
  const port = portOf(authority);
  if (port !== undefined && port !== "" && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return `expected a port from 1 to 65535 after the host, got ${JSON.stringify(port)}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return NOT_A_URL;
  }
  return url.hostname === "" ? "expected a host, as in smtp://user:password@mail.example.org:587" : undefined;
}

const NOT_A_URL = "not a valid URL (characters such as @ : / # ? % in a user name or password must be percent-encoded, @ as %40)";

/** `user:pass@host:port`, and what follows it (path, query, fragment). */
function splitAuthority(value: string): [string, string] {
  const afterScheme = value.slice(value.indexOf("//") + 2);
  const end = afterScheme.search(/[/?#]/);
  return end < 0 ? [afterScheme, ""] : [afterScheme.slice(0, end), afterScheme.slice(end)];
}

/** The text after the host's colon, read by hand because `new URL` refuses a bad port without saying which. */
function portOf(authority: string): string | undefined {
  const hostAndPort = authority.slice(authority.lastIndexOf("@") + 1);
  // An IPv6 host is bracketed and has colons of its own.
  return /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostAndPort)?.[1];
}
