import { nameOf, STATUS_PHRASE, TASK_DETAIL_TYPE, UPDATE_TYPE } from "../../cli/src/names.js";
import type { OutcomeDocument } from "../../cli/src/outcome.js";

// The job summary: what happened, the package, and a table of its tasks, in GitHub's Markdown.

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

/** The summary of an outcome document. */
export function summaryOf(document: OutcomeDocument): string {
  const lines = [`## dlf-release: ${HEADLINE[document.outcome]}`, "", cell(document.message), ""];
  const pkg = document.package;
  if (pkg?.package_id) {
    const status = nameOf(STATUS_PHRASE, pkg.deploy_status);
    const resumed = document.resumed ? " (made by an earlier run)" : "";
    lines.push(
      `Package **${cell(pkg.package_id)}** "${cell(pkg.package_name)}"${status ? `: ${status}` : ""}${resumed}`,
      "",
    );
  }
  for (const conflict of document.conflicts) {
    lines.push(
      `- package ${cell(conflict.package_id)} "${cell(conflict.package_name)}" (${nameOf(STATUS_PHRASE, conflict.deploy_status ?? undefined)}): ${conflict.reason}, items ${cell(conflict.items.join(", "))}`,
    );
  }
  if (document.conflicts.length > 0) lines.push("");
  if (document.tasks && document.tasks.length > 0) {
    lines.push("| Item | Name | Type | Update | Status |", "| --- | --- | --- | --- | --- |");
    for (const task of document.tasks) {
      lines.push(
        `| ${cell(task.pending_item_id)} | ${cell(task.item_name)} | ${nameOf(TASK_DETAIL_TYPE, task.task_type)} | ${nameOf(UPDATE_TYPE, task.update_type)} | ${nameOf(STATUS_PHRASE, task.deploy_status)} |`,
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}
