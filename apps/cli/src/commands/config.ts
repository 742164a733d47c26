import { PROFILE_KEYS, SECRET_KEYS } from "../config/file.js";
import { SETTING_NAMES } from "../config/resolve.js";
import { type Context, printJson } from "../context.js";
import { renderTable } from "../output/table.js";

/** A secret is shown only as set or not; never a character of it, nor its length. */
function shown(key: (typeof PROFILE_KEYS)[number], value: string | undefined): string | null {
  if (value === undefined) return null;
  return SECRET_KEYS.includes(key) ? "(set, hidden)" : value;
}

/** `dlf-release config`: every setting in effect, where it came from, secrets masked. */
export function runConfig(context: Context): void {
  const { settings } = context;
  const rows = PROFILE_KEYS.map((key) => {
    const { value, source } = settings.values[key];
    return { key, value: shown(key, value), source: source ?? null, env: SETTING_NAMES[key].env };
  });
  if (context.json) {
    printJson(context, {
      config_file: settings.file.path,
      config_file_exists: settings.file.exists,
      profile: settings.profile ?? null,
      settings: Object.fromEntries(rows.map(({ key, value, source }) => [key, { value, source }])),
    });
    return;
  }
  const file = settings.file.exists ? settings.file.path : `${settings.file.path} (none)`;
  context.print(`config file: ${file}\nprofile:     ${settings.profile ?? "(none)"}\n\n`);
  context.print(
    renderTable(
      ["setting", "value", "from", "variable"],
      rows.map(({ key, value, source, env }) => [key, value ?? "-", source ?? "-", env]),
    ),
  );
}
