// Names of subscriber fields: what templates can address as {{subscriber.<name>}}.

/** Letters, digits, _ and -, starting with a letter or _: the personal-field markers only carry these. */
export const FIELD_NAME = /^[A-Za-z_][\w-]*$/;

/** Why `name` cannot be a custom field, or undefined when it can. */
export function fieldNameProblem(name: string): string | undefined {
  if (!FIELD_NAME.test(name)) return `field name "${name}" must be letters, digits, _ or -, starting with a letter or _`;
  if (["email", "name", "status"].includes(name.toLowerCase())) return `field name "${name}" is reserved (it is a column of its own)`;
  return undefined;
}
