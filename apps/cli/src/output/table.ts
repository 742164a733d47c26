import { visibleLength } from "./style.js";

/** Aligned columns under upper-case headers, two spaces apart; cells may carry colour. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => visibleLength(row[column] ?? ""))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1
          ? cell
          : cell + " ".repeat((widths[column] ?? 0) - visibleLength(cell)),
      )
      .join("  ")
      .trimEnd();
  return `${[line(headers.map((header) => header.toUpperCase())), ...rows.map(line)].join("\n")}\n`;
}

/** "label: value" lines with the values aligned, for one record. */
export function renderFields(fields: [label: string, value: string][]): string {
  const width = Math.max(...fields.map(([label]) => label.length));
  return `${fields.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`.trimEnd()).join("\n")}\n`;
}

/** A timestamp in ms as "2026-11-25 08:00:00Z", or "" when absent. */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "";
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
}

/** Elapsed time as "1m05s" or "42s". */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

/** A flag's duration as given back to a reader: "500ms", "42s", "30m00s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : formatElapsed(ms);
}
