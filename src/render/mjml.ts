// The only module that talks to mjml: MJML in, HTML out, validation errors as LeadlineErrors.
import mjml2html from "mjml";
import { LeadlineError } from "../errors.ts";

let compilations = 0;

/** How many times MJML has compiled in this process: the send path must compile once per issue. */
export function mjmlCompilations(): number {
  return compilations;
}

/** `describe(line)` names the template file and line for an MJML line of the expanded document. */
export async function compileMjml(source: string, describe: (line: number) => string): Promise<string> {
  compilations += 1;
  let result;
  try {
    result = await mjml2html(source, { validationLevel: "soft", keepComments: false, minify: true, minifyOptions: { minifyCss: false } });
  } catch (error) {
    throw new LeadlineError("ETEMPLATE", `MJML could not compile: ${(error as Error).message}`);
  }
  const first = result.errors[0];
  if (first) {
    throw new LeadlineError("ETEMPLATE", `${describe(first.line)}: ${first.message}`);
  }
  return result.html;
}
