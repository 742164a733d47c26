// Values that flags, settings and the API's answers share, checked the same way wherever they
// come from.

/** Milliseconds since 1970, or an ISO 8601 date or date-time, as ms; undefined for anything else. */
export function instantOf(text: string): number | undefined {
  const iso = /^\d{4}-\d{2}-\d{2}/.test(text);
  const ms = /^\d+$/.test(text) ? Number(text) : iso ? Date.parse(text) : Number.NaN;
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
}

/** What an IAM user ID is: 32 lower-case hex characters. */
export const USER_ID_EXPECTED = "an IAM user ID: 32 lower-case hex characters";

/** Whether a text is an IAM user ID (an approver, an applicant). */
export const isUserId = (text: string) => /^[0-9a-f]{32}$/.test(text);
