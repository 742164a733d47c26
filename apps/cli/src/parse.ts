import { InvalidArgumentError } from "commander";
import type { EnumNames } from "./names.js";
import { instantOf, isUserId, USER_ID_EXPECTED } from "./values.js";

// Parsers for flag values. Each throws commander's InvalidArgumentError, which commander reports
// with the flag's name; the command then exits with the usage code before anything is sent.

const MAX_TIMER_MS = 2 ** 31 - 1;
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration that may be negative ("-20m"), in ms: how far a clock is off. */
export function parseSkew(text: string): number {
  return text.startsWith("-") ? -parseDuration(text.slice(1)) : parseDuration(text);
}

/** "10ms", "10s", "30m", "1h", "1m30s": a positive duration in ms. */
export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const whole = parts.map((part) => part[0]).join("");
  if (parts.length === 0 || whole !== text) {
    throw new InvalidArgumentError('expected a duration such as "500ms", "10s", "30m" or "1h30m".');
  }
  const ms = parts.reduce(
    (sum, [, value, unit]) => sum + Number(value) * (UNITS[unit ?? ""] ?? 0),
    0,
  );
  if (ms < 1 || !Number.isFinite(ms)) throw new InvalidArgumentError("must be at least 1ms.");
  // Note: Node's timers hold at most 2^31 - 1 ms; a longer one fires at once.
  if (ms > MAX_TIMER_MS) throw new InvalidArgumentError("must be at most 596h (24 days).");
  return Math.round(ms);
}

/** An ID as the API hands them out: letters, digits, "-" and "_" only. */
export function parseId(text: string): string {
  // Note: the service's IDs are digits or hex; refusing anything else keeps a typo (or a pasted
  // URL) from becoming another path or a query the service would read as something else.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(text)) {
    throw new InvalidArgumentError("expected an ID of letters, digits, '-' or '_' (at most 64).");
  }
  return text;
}

/** Collects a repeatable ID flag, each value checked; "a,b" counts as two. */
export function collectIds(text: string, previous: string[] = []): string[] {
  return [...previous, ...text.split(",").map((id) => parseId(id.trim()))];
}

/** An IAM user ID (an approver, the applicant). */
export function parseUserId(text: string): string {
  if (!isUserId(text)) throw new InvalidArgumentError(`expected ${USER_ID_EXPECTED}.`);
  return text;
}

/** Collects a repeatable user ID flag, each value checked, each once; "a,b" counts as two. */
export function collectUserIds(text: string, previous: string[] = []): string[] {
  return [...new Set([...previous, ...text.split(",").map((id) => parseUserId(id.trim()))])];
}

/** A non-empty value for a free-text filter. */
export function parseText(text: string): string {
  if (text.trim() === "") throw new InvalidArgumentError("must not be empty.");
  return text;
}

const TIME_EXPECTED = 'expected an ISO 8601 date ("2026-11-25T08:00:00Z") or ms since 1970.';

/** A point in time: milliseconds since 1970 or an ISO 8601 date, as the API's int64 ms. */
export function parseTime(text: string): number {
  const ms = instantOf(text);
  if (ms === undefined) throw new InvalidArgumentError(TIME_EXPECTED);
  return ms;
}

/** A point in time checked as parseTime checks it, kept as given (the API takes it as text). */
export function parseTimeText(text: string): string {
  parseTime(text);
  return text;
}

/** Parses one name or number of an enum, e.g. "failed" or "3". */
export function enumParser(names: EnumNames): (text: string) => number {
  return (text) => {
    const byName = Object.entries(names).find(([, name]) => name === text.toLowerCase());
    const value = byName ? Number(byName[0]) : Number(text);
    if (!(value in names)) {
      const choices = Object.entries(names).map(([number, name]) => `${name} (${number})`);
      throw new InvalidArgumentError(`expected one of ${choices.join(", ")}.`);
    }
    return value;
  };
}

/** Collects a repeatable enum flag; "a,b" counts as two. */
export function enumCollector(names: EnumNames): (text: string, previous?: number[]) => number[] {
  const parse = enumParser(names);
  return (text, previous = []) => [
    ...previous,
    ...text.split(",").map((part) => parse(part.trim())),
  ];
}

/** A TCP port, 0 for any free one. */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new InvalidArgumentError("expected a TCP port, 0 to 65535.");
  return port;
}

/** How many items a sandbox starts with: 0 to 10000. */
export function parseItemCount(text: string): number {
  const count = Number(text);
  if (!/^\d+$/.test(text) || count > 10_000)
    throw new InvalidArgumentError("expected a whole number from 0 to 10000.");
  return count;
}

/** A whole number from 1 up. */
export function parseCount(text: string): number {
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1 || count > 1000)
    throw new InvalidArgumentError("expected a whole number from 1 to 1000.");
  return count;
}
