import { describe, expect, it } from "vitest";
import { DlfValidationError } from "../src/errors.js";
import {
  ALGORITHM,
  authorizationHeader,
  canonicalHeaders,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  computeSignature,
  EMPTY_BODY_SHA256,
  formatSdkDate,
  normalizeUrl,
  percentEncode,
  type SignedRequest,
  sha256Hex,
  signRequest,
  stringToSign,
} from "../src/signer/index.js";

const EXAMPLE = { accessKey: "AccessKey", secretKey: "SecretKey" };
const GUIDE = {
  accessKey: "QTWAOYTTINDUT2QVKYUC",
  secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
};
const PYTHON_URL = "https://service.endpoint.myhuaweicloud.com/resources?size=1";
const PYTHON_DATE = new Date("2020-06-08T02:39:00Z");
const JAVA_HOST = "https://service.region.example.com";
const JAVA_DATE = new Date("2019-11-15T03:36:55Z");
const JAVA_GET = `${JAVA_HOST}/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0`;

function signatureOf(signed: SignedRequest): string | undefined {
  return /, Signature=([0-9a-f]{64})$/.exec(signed.headers.Authorization)?.[1];
}

describe("published test vectors", () => {
  it("python core: GET with a query and an empty body", async () => {
    const signed = await signRequest({ method: "GET", url: PYTHON_URL }, EXAMPLE, {
      now: PYTHON_DATE,
    });
    expect(signed.headers).toEqual({
      "X-Sdk-Date": "20200608T023900Z",
      Authorization:
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
    });
    expect(signed.signedHeaders).toBe("host;x-sdk-date");
    expect(signed.url).toBe(PYTHON_URL);
  });

  it("python core: the canonical request of the GET hashes to de94dd1e...", async () => {
    const headers = canonicalHeaders([
      ["X-Sdk-Date", "20200608T023900Z"],
      ["Host", "service.endpoint.myhuaweicloud.com"],
    ]);
    const request = canonicalRequest({
      method: "GET",
      canonicalUri: canonicalUri("/resources"),
      canonicalQueryString: canonicalQueryString("?size=1"),
      ...headers,
      payloadHash: EMPTY_BODY_SHA256,
    });
    expect(request).toBe(
      [
        "GET",
        "/resources/",
        "size=1",
        "host:service.endpoint.myhuaweicloud.com\nx-sdk-date:20200608T023900Z\n",
        "host;x-sdk-date",
        EMPTY_BODY_SHA256,
      ].join("\n"),
    );
    const hash = await sha256Hex(request);
    expect(hash).toBe("de94dd1e1ccdb730b403ce35d7e14f7c7b04337f6def1c3a3a2ba936852b133f");
    const toSign = stringToSign("20200608T023900Z", hash);
    expect(toSign).toBe(`SDK-HMAC-SHA256\n20200608T023900Z\n${hash}`);
    expect(await computeSignature("SecretKey", toSign)).toBe(
      "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
    );
  });

  it("python core: POST with a JSON body", async () => {
    const signed = await signRequest(
      { method: "POST", url: PYTHON_URL, body: '{"name":"test","id":1}' },
      EXAMPLE,
      { now: PYTHON_DATE },
    );
    expect(signatureOf(signed)).toBe(
      "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f",
    );
  });

  it("java core: GET with two query parameters", async () => {
    const signed = await signRequest({ method: "GET", url: JAVA_GET }, EXAMPLE, { now: JAVA_DATE });
    expect(signed.signedHeaders).toBe("host;x-sdk-date");
    expect(signatureOf(signed)).toBe(
      "fd95e7da6f695cfb4cabbb9d6b0968aec155bc576b064835282473539ae9ea1d",
    );
  });

  it("java core: POST with a JSON body", async () => {
    const signed = await signRequest(
      {
        method: "POST",
        url: `${JAVA_HOST}/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpc/123`,
        body: new TextEncoder().encode('{"key":"value"}'),
      },
      EXAMPLE,
      { now: JAVA_DATE },
    );
    expect(signatureOf(signed)).toBe(
      "b5649aa774f6cac7437631662f08815fc65c70e40e486df6db2436ce68902771",
    );
  });

  it("go core: signs x-sdk-date only when told to sign no other header", async () => {
    const signed = await signRequest(
      { method: "GET", url: "https://example.huaweicloud.com/path?limit=1" },
      EXAMPLE,
      { now: new Date("2006-01-02T15:04:05Z"), headersToSign: [] },
    );
    expect(signed.headers.Authorization).toBe(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
    );
  });

  it("signing guide: content-type is signed when present", async () => {
    const signed = await signRequest(
      { method: "GET", url: JAVA_GET, headers: { "Content-Type": "application/json" } },
      GUIDE,
      { now: JAVA_DATE },
    );
    expect(signed.headers.Authorization).toBe(
      "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
    );
  });

  it("go and python cores: query canonicalisation with unicode and reserved characters", () => {
    const query = new URLSearchParams([
      ["limit", "1"],
      ["enable", "true"],
      ["test", "一 (&=?!#%.*)"],
      ["path", "/tmp/123"],
      ["multi", "3"],
      ["multi", "1"],
      ["multi", "2"],
    ]);
    expect(canonicalQueryString(query.toString())).toBe(
      "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29",
    );
  });

  it("the empty body hash is sha256 of nothing", async () => {
    expect(EMPTY_BODY_SHA256).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(await sha256Hex("")).toBe(EMPTY_BODY_SHA256);
    expect(await sha256Hex(new Uint8Array(0))).toBe(EMPTY_BODY_SHA256);
  });

  it("an empty string body and an empty byte body sign like no body", async () => {
    const none = await signRequest({ method: "POST", url: PYTHON_URL }, EXAMPLE, {
      now: PYTHON_DATE,
    });
    const empty = await signRequest({ method: "POST", url: PYTHON_URL, body: "" }, EXAMPLE, {
      now: PYTHON_DATE,
    });
    const bytes = await signRequest(
      { method: "POST", url: PYTHON_URL, body: new ArrayBuffer(0) },
      EXAMPLE,
      { now: PYTHON_DATE },
    );
    expect(empty.headers.Authorization).toBe(none.headers.Authorization);
    expect(bytes.headers.Authorization).toBe(none.headers.Authorization);
  });
});

describe("formatSdkDate", () => {
  it("formats in UTC as YYYYMMDDTHHMMSSZ, dropping milliseconds", () => {
    expect(formatSdkDate(new Date("2020-06-08T02:39:00.999Z"))).toBe("20200608T023900Z");
    expect(formatSdkDate(new Date("1999-12-31T23:59:59+08:00"))).toBe("19991231T155959Z");
    expect(formatSdkDate(new Date(Date.UTC(2024, 1, 29, 0, 0, 0)))).toBe("20240229T000000Z");
  });

  it("refuses an invalid date or a year past 9999", () => {
    expect(() => formatSdkDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatSdkDate(new Date("+010000-01-01T00:00:00Z"))).toThrow(RangeError);
  });

  it("is what signRequest sends as X-Sdk-Date, and now by default", async () => {
    const before = formatSdkDate(new Date());
    const signed = await signRequest({ method: "GET", url: PYTHON_URL }, EXAMPLE);
    const after = formatSdkDate(new Date());
    expect([before, after]).toContain(signed.headers["X-Sdk-Date"]);
  });
});

describe("canonicalUri", () => {
  it("appends a trailing slash only when missing", () => {
    expect(canonicalUri("/")).toBe("/");
    expect(canonicalUri("/v1/items")).toBe("/v1/items/");
    expect(canonicalUri("/v1/items/")).toBe("/v1/items/");
    expect(canonicalUri("/a//b")).toBe("/a//b/");
  });

  it("decodes each segment and re-encodes it with upper-case hex", () => {
    expect(canonicalUri("/a%2fb/%e4%b8%80/c d")).toBe("/a%2Fb/%E4%B8%80/c%20d/");
    expect(canonicalUri("/!$&'()*+,;=:@/~-_.")).toBe(
      "/%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A%40/~-_./",
    );
  });

  it("keeps a stray percent sign literal", () => {
    expect(canonicalUri("/100%/50%25")).toBe("/100%25/50%25/");
  });
});

describe("canonicalQueryString", () => {
  it("is empty without a query", () => {
    expect(canonicalQueryString("")).toBe("");
    expect(canonicalQueryString("?")).toBe("");
  });

  it("sorts by key, and the values of a repeated key", () => {
    expect(canonicalQueryString("b=2&a=z&a=y&c=&a=x")).toBe("a=x&a=y&a=z&b=2&c=");
  });

  it("sorts by the decoded key, not its encoding", () => {
    // "{" sorts after "a", but its encoding %7B sorts before it.
    expect(canonicalQueryString("%7B=1&a=2")).toBe("a=2&%7B=1");
  });

  it("gives an empty value to a=, a bare a, and skips empty pieces", () => {
    expect(canonicalQueryString("a=&&b&")).toBe("a=&b=");
    expect(canonicalQueryString("a&a=")).toBe("a=&a=");
  });

  it("uses %20 for a space, whether sent as +, %20 or %2B means a plus", () => {
    expect(canonicalQueryString("q=a+b&r=a%20b&s=a%2Bb")).toBe("q=a%20b&r=a%20b&s=a%2Bb");
  });

  it("upper-cases hex and encodes everything but A-Z a-z 0-9 - _ . ~", () => {
    expect(canonicalQueryString("k=%c3%a9&m=!'()*&n=-_.~")).toBe(
      "k=%C3%A9&m=%21%27%28%29%2A&n=-_.~",
    );
  });

  it("keeps a stray percent literal and replaces bytes that are not UTF-8 by U+FFFD", () => {
    expect(canonicalQueryString("a=100%&b=%FF")).toBe("a=100%25&b=%EF%BF%BD");
  });
});

describe("canonicalHeaders", () => {
  it("lower-cases names, trims values and sorts by name", () => {
    expect(
      canonicalHeaders([
        ["X-Sdk-Date", " 20200608T023900Z\t"],
        ["Content-Type", "application/json"],
        ["HOST", "example.com "],
      ]),
    ).toEqual({
      canonicalHeaders:
        "content-type:application/json\nhost:example.com\nx-sdk-date:20200608T023900Z\n",
      signedHeaders: "content-type;host;x-sdk-date",
    });
  });
});

describe("percentEncode", () => {
  it("leaves only unreserved characters and uses upper-case hex for UTF-8 bytes", () => {
    expect(percentEncode("AZaz09-_.~")).toBe("AZaz09-_.~");
    expect(percentEncode("a b+/é😀")).toBe("a%20b%2B%2F%C3%A9%F0%9F%98%80");
  });

  it("takes well-formed strings only, as every piece of a parsed URL is", () => {
    expect(() => percentEncode("a\uD800")).toThrow(URIError);
  });
});

describe("normalizeUrl", () => {
  it("re-encodes path and query strictly, keeping the parameter order", () => {
    expect(normalizeUrl("https://Example.com:443/v2/a b/一/x?z=1&q=a+b&a&m=(x)&m=!#frag")).toBe(
      "https://example.com/v2/a%20b/%E4%B8%80/x?z=1&q=a%20b&a=&m=%28x%29&m=%21",
    );
  });

  it("keeps a non-default port and leaves an already strict URL untouched", () => {
    const strict = "http://127.0.0.1:8080/v1/items?limit=10&name=%E4%B8%80";
    expect(normalizeUrl(strict)).toBe(strict);
    expect(normalizeUrl(new URL(strict))).toBe(strict);
  });

  it("is what signRequest returns as the url to send", async () => {
    const url = "https://example.com/a b/?q=x y&b=1";
    const signed = await signRequest({ method: "GET", url }, EXAMPLE);
    expect(signed.url).toBe(normalizeUrl(url));
    expect(signed.url).toBe("https://example.com/a%20b/?q=x%20y&b=1");
  });

  it("refuses URLs that are not http or https, as signRequest does", async () => {
    expect(() => normalizeUrl("ftp://example.com/x")).toThrow("only http and https");
    const signing = signRequest({ method: "GET", url: "ftp://example.com/x" }, EXAMPLE);
    await expect(signing).rejects.toThrow("only http and https");
  });
});

describe("signRequest", () => {
  const now = JAVA_DATE;

  it("signs the same whatever the URL's encoding, and the headers' order and case", async () => {
    const a = await signRequest(
      {
        method: "GET",
        url: "https://example.com/p/%E4%B8%80?b=1&a=%27x%27",
        headers: { "content-type": "application/json", "X-Project-Id": "p1" },
      },
      EXAMPLE,
      { now },
    );
    const b = await signRequest(
      {
        method: "get",
        url: "https://EXAMPLE.com/p/一?a='x'&b=1",
        headers: new Headers([
          ["x-project-id", "p1"],
          ["Content-Type", "application/json"],
        ]),
      },
      EXAMPLE,
      { now },
    );
    expect(b.headers.Authorization).toBe(a.headers.Authorization);
    expect(a.signedHeaders).toBe("content-type;host;x-project-id;x-sdk-date");
  });

  it("changes the signature when anything signed changes", async () => {
    const base = { method: "POST", url: "https://example.com/p?a=1", body: "{}" };
    const reference = (await signRequest(base, EXAMPLE, { now })).headers.Authorization;
    const variants = [
      { ...base, method: "PUT" },
      { ...base, url: "https://example.com/q?a=1" },
      { ...base, url: "https://example.com/p?a=2" },
      { ...base, url: "https://example.org/p?a=1" },
      { ...base, body: "{ }" },
      { ...base, headers: { "Content-Type": "application/json" } },
      { ...base, headers: { workspace: "w1" } },
    ];
    for (const variant of variants) {
      const signed = await signRequest(variant, EXAMPLE, { now });
      expect(signed.headers.Authorization, JSON.stringify(variant)).not.toBe(reference);
    }
    const later = await signRequest(base, EXAMPLE, { now: new Date(now.getTime() + 1000) });
    expect(later.headers.Authorization).not.toBe(reference);
    const otherKey = await signRequest(base, { ...EXAMPLE, secretKey: "SecretKey2" }, { now });
    expect(otherKey.headers.Authorization).not.toBe(reference);
  });

  it("does not sign headers outside the list, nor Authorization", async () => {
    const plain = await signRequest({ method: "GET", url: PYTHON_URL }, EXAMPLE, { now });
    const extra = await signRequest(
      {
        method: "GET",
        url: PYTHON_URL,
        headers: { Accept: "application/json", "User-Agent": "x", Authorization: "old" },
      },
      EXAMPLE,
      { now, headersToSign: ["host", "Authorization"] },
    );
    expect(extra.headers.Authorization).toBe(plain.headers.Authorization);
  });

  it("signs the listed headers when present, in sorted order", async () => {
    const signed = await signRequest(
      { method: "GET", url: PYTHON_URL, headers: { Workspace: "w1", "X-Custom": " v " } },
      EXAMPLE,
      { now, headersToSign: ["X-Custom", "workspace", "host"] },
    );
    expect(signed.signedHeaders).toBe("host;workspace;x-custom;x-sdk-date");
  });

  it("takes the host header when the request sets one", async () => {
    const fromUrl = await signRequest({ method: "GET", url: PYTHON_URL }, EXAMPLE, { now });
    const fromHeader = await signRequest(
      {
        method: "GET",
        url: "https://other.example.com/resources?size=1",
        headers: { Host: "service.endpoint.myhuaweicloud.com" },
      },
      EXAMPLE,
      { now },
    );
    expect(fromHeader.headers.Authorization).toBe(fromUrl.headers.Authorization);
  });

  it("adds and signs X-Security-Token for temporary credentials", async () => {
    const signed = await signRequest(
      { method: "GET", url: PYTHON_URL },
      { ...EXAMPLE, securityToken: "token-123" },
      { now, headersToSign: ["host"] },
    );
    expect(signed.headers["X-Security-Token"]).toBe("token-123");
    expect(signed.signedHeaders).toBe("host;x-sdk-date;x-security-token");
    const expected = await computeSignature(
      "SecretKey",
      stringToSign(
        formatSdkDate(now),
        await sha256Hex(
          canonicalRequest({
            method: "GET",
            canonicalUri: "/resources/",
            canonicalQueryString: "size=1",
            canonicalHeaders:
              "host:service.endpoint.myhuaweicloud.com\nx-sdk-date:20191115T033655Z\nx-security-token:token-123\n",
            signedHeaders: "host;x-sdk-date;x-security-token",
            payloadHash: EMPTY_BODY_SHA256,
          }),
        ),
      ),
    );
    expect(signed.headers.Authorization).toBe(
      authorizationHeader("AccessKey", signed.signedHeaders, expected),
    );
    expect(signed.headers.Authorization.startsWith(`${ALGORITHM} Access=AccessKey, `)).toBe(true);
  });

  it("signs with the credentials' token over one already in the headers", async () => {
    const fresh = await signRequest(
      { method: "GET", url: PYTHON_URL, headers: { "X-Security-Token": "stale" } },
      { ...EXAMPLE, securityToken: "fresh" },
      { now },
    );
    const clean = await signRequest(
      { method: "GET", url: PYTHON_URL },
      { ...EXAMPLE, securityToken: "fresh" },
      { now },
    );
    expect(fresh.headers.Authorization).toBe(clean.headers.Authorization);
  });

  it("upper-cases the standard methods as fetch does, and leaves others alone", async () => {
    const sign = (method: string) =>
      signRequest({ method, url: PYTHON_URL }, EXAMPLE, { now }).then(
        (s) => s.headers.Authorization,
      );
    expect(await sign("delete")).toBe(await sign("DELETE"));
    expect(await sign("patch")).not.toBe(await sign("PATCH"));
  });

  it("refuses bad credentials, naming the field but never a secret", async () => {
    const request = { method: "GET", url: PYTHON_URL };
    const cases: Array<[unknown, string]> = [
      [{ accessKey: "", secretKey: "s3cr3t-value" }, "accessKey must be a non-empty string"],
      [{ accessKey: "ak", secretKey: "" }, "secretKey must be a non-empty string"],
      [{ accessKey: "ak", secretKey: 42 }, "secretKey must be a non-empty string"],
      [{ accessKey: "ak", secretKey: "s3cr3t-value", securityToken: " " }, "securityToken"],
      [null, "credentials must be an object"],
    ];
    for (const [credentials, message] of cases) {
      const error = await signRequest(request, credentials as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DlfValidationError);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain("s3cr3t");
    }
  });

  it("signs concurrently with several secret keys without mixing them up", async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `secret-${i % 20}`);
    const signed = await Promise.all(
      keys.map((secretKey) =>
        signRequest({ method: "GET", url: PYTHON_URL }, { accessKey: "ak", secretKey }, { now }),
      ),
    );
    for (const [i, secretKey] of keys.entries()) {
      const hash = await sha256Hex(
        canonicalRequest({
          method: "GET",
          canonicalUri: "/resources/",
          canonicalQueryString: "size=1",
          canonicalHeaders:
            "host:service.endpoint.myhuaweicloud.com\nx-sdk-date:20191115T033655Z\n",
          signedHeaders: "host;x-sdk-date",
          payloadHash: EMPTY_BODY_SHA256,
        }),
      );
      const expected = await computeSignature(secretKey, stringToSign("20191115T033655Z", hash));
      expect(signatureOf(signed[i] as SignedRequest)).toBe(expected);
    }
  });
});
