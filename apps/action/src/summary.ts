import type { OutcomeDocument } from "../../cli/src/outcome.js";

// The job summary: what happened, the package, and a table of its tasks, in GitHub's Markdown.

const STATUS: Record<number, string> = {
  1: "waiting for review",
  2: "released",
  3: "failed",
  5: "being released",
};
const TYPE: Record<number, string> = { 1: "job", 2: "script", 3: "resource" };
const UPDATE: Record<number, string> = { 1: "new", 2: "change", 3: "delete" };
const HEADLINE: Record<OutcomeDocument["outcome"], string> = {
  released: "✅ Released",
  created: "🕓 Created, waiting for review",
  "nothing-pending": "➖ Nothing pending",
  "dry-run": "📝 Dry run",
  failed: "❌ Release failed",
  timeout: "⏱️ Timed out",
  duplicate: "⛔ Refused: a duplicate",
  "not-found": "❓ No such package",
  interrupted: "⏹️ Interrupted",
  error: "❌ Error",
};

/** Markdown cell text: no pipe or line break may leave its cell. */
const cell = (value: string | number | undefined) =>
  String(value ?? "")
    .replaceAll("|", "\\|")
    .replaceAll("\n", " ");
const named = (names: Record<number, string>, value: number | undefined) =>
  value === undefined ? "" : (names[value] ?? String(value));

/** The summary of an outcome document. */
export function summaryOf(document: OutcomeDocument): string {
  const lines = [`## dlf-release: ${HEADLINE[document.outcome]}`, "", cell(document.message), ""];
  const pkg = document.package;
  if (pkg?.package_id) {
    const status = named(STATUS, pkg.deploy_status);
    const resumed = document.resumed ? " (made by an earlier run)" : "";
    lines.push(
      `Package **${cell(pkg.package_id)}** "${cell(pkg.package_name)}"${status ? `: ${status}` : ""}${resumed}`,
      "",
    );
  }
  for (const conflict of document.conflicts) {
    lines.push(
      `- package ${cell(conflict.package_id)} "${cell(conflict.package_name)}" (${named(STATUS, conflict.deploy_status ?? undefined)}): ${conflict.reason}, items ${cell(conflict.items.join(", "))}`,
    );
  }
  if (document.conflicts.length > 0) lines.push("");
  if (document.tasks && document.tasks.length > 0) {
    lines.push("| Item | Name | Type | Update | Status |", "| --- | --- | --- | --- | --- |");
    for (const task of document.tasks) {
      lines.push(
        `| ${cell(task.pending_item_id)} | ${cell(task.item_name)} | ${named(TYPE, task.task_type)} | ${named(UPDATE, task.update_type)} | ${named(STATUS, task.deploy_status)} |`,
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}
