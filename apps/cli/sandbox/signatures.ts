import type { IncomingHttpHeaders } from "node:http";
import { signRequest } from "@dlf-release/client/signer";

// The gateway's AK/SK check: the signature recomputed from the request as it arrived, with the
// secret key of its AK, and refusals counted per AK as the gateway counts them. Note: the sandbox
// recomputes with the client's published signer; the signer itself is proven against the official
// one and an independent gateway in the client's tests.

/** The gateway refuses a signature whose X-Sdk-Date is further than this from its clock. */
export const SIGNATURE_CLOCK_WINDOW_MS = 15 * 60_000;
/** More refusals than this in a row lock an AK... */
const REFUSALS_BEFORE_LOCK = 5;
/** ...for this long. */
const LOCK_MS = 5 * 60_000;

/** How the gateway judged a signed request. */
export type SignatureVerdict = "valid" | "invalid" | "expired" | "locked";

/** X-Sdk-Date (20261202T155900Z) as ms since 1970. */
const sdkDate = (value: string) =>
  Date.parse(value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));

const AUTHORIZATION =
  /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
};

/** The AK/SK checks of one gateway: secret keys by AK, and each AK's refusals in a row. */
export class SignatureChecker {
  private readonly refusals = new Map<string, { inARow: number; lockedUntil: number }>();

  constructor(private readonly secretKeys: Readonly<Record<string, string>>) {}

  /** The AK of a request's Authorization header, if it has one. */
  static accessKeyOf(headers: IncomingHttpHeaders): string | undefined {
    return AUTHORIZATION.exec(header(headers, "authorization") ?? "")?.[1];
  }

  /** Verifies a request that carries X-Sdk-Date, at the gateway's time `now`. */
  async verify(
    request: { method: string; target: string; headers: IncomingHttpHeaders; body: Buffer },
    now: number,
  ): Promise<SignatureVerdict> {
    const parsed = AUTHORIZATION.exec(header(request.headers, "authorization") ?? "");
    const accessKey = parsed?.[1] ?? "";
    if (this.lockedAt(accessKey, now)) return "locked";
    const date = header(request.headers, "x-sdk-date") ?? "";
    const signedAt = sdkDate(date);
    if (Number.isNaN(signedAt)) return this.refuse(accessKey, now);
    if (Math.abs(signedAt - now) > SIGNATURE_CLOCK_WINDOW_MS) return "expired";
    const secretKey = this.secretKeys[accessKey];
    if (!parsed || secretKey === undefined) return this.refuse(accessKey, now);
    const host = header(request.headers, "host");
    if (!host || URL.parse(`http://${host}${request.target}`) === null)
      return this.refuse(accessKey, now);
    const names = (parsed[2] ?? "").split(";");
    const signed = await signRequest(
      {
        method: request.method,
        url: `http://${host}${request.target}`,
        headers: names.flatMap((name): Array<[string, string]> => {
          const value = header(request.headers, name);
          return value === undefined ? [] : [[name, value]];
        }),
        body: new Uint8Array(request.body),
      },
      {
        accessKey,
        secretKey,
        securityToken: header(request.headers, "x-security-token"),
      },
      { now: new Date(signedAt), headersToSign: names },
    );
    if (signed.headers.Authorization !== header(request.headers, "authorization"))
      return this.refuse(accessKey, now);
    this.refusals.delete(accessKey);
    return "valid";
  }

  /** Counts a refusal of this AK (a wrong signature, or one refused on purpose). */
  refuse(accessKey: string, now: number): "invalid" | "locked" {
    const entry = this.refusals.get(accessKey) ?? { inARow: 0, lockedUntil: 0 };
    entry.inARow += 1;
    if (entry.inARow > REFUSALS_BEFORE_LOCK) entry.lockedUntil = now + LOCK_MS;
    this.refusals.set(accessKey, entry);
    return entry.lockedUntil > now ? "locked" : "invalid";
  }

  /** The refusals of this AK in a row. */
  refusalsOf(accessKey: string): number {
    return this.refusals.get(accessKey)?.inARow ?? 0;
  }

  private lockedAt(accessKey: string, now: number) {
    return (this.refusals.get(accessKey)?.lockedUntil ?? 0) > now;
  }
}
