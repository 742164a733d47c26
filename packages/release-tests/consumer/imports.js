// Imports each entry point named on the command line (a JSON list of specifiers) from the
// installed packages, as a user's ESM code would, and prints what each one gave as JSON.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const specifiers = JSON.parse(process.argv[2] ?? "[]");
const result = {};
for (const specifier of specifiers) {
  if (specifier.endsWith(".json")) {
    const { default: json } = await import(specifier, { with: { type: "json" } });
    result[specifier] = { kind: "json", keys: Object.keys(json), json };
  } else if (/\.(ya?ml|txt|md)$/.test(specifier)) {
    // Note: Node imports only JavaScript and JSON; a data file is resolved, then read.
    const text = await readFile(fileURLToPath(import.meta.resolve(specifier)), "utf8");
    result[specifier] = { kind: "file", head: text.slice(0, 200) };
  } else {
    const module = await import(specifier);
    result[specifier] = { kind: "module", exports: Object.keys(module).sort() };
  }
}
console.log(JSON.stringify(result));
