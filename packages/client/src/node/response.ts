/**
 * The Response the transport answers openapi-fetch with in Node, made on a body already read.
 */

const EMPTY = new Uint8Array(0);
const decoder = new TextDecoder();

/**
 * A Response whose body has already been read into memory. A Response built on bytes costs a
 * ReadableStream (about 20 µs in Node, more than the rest of a call), which text() and json(), what
 * openapi-fetch uses, do not need: they read the bytes directly. Anything else that needs the body
 * (the stream, clone, blob, formData) goes to a real Response made on the bytes when first asked
 * for, so every method behaves as on a Response.
 */
export class BufferedResponse extends Response {
  /** The body not yet read; undefined once read. */
  #bytes: Uint8Array<ArrayBuffer> | undefined;
  /** The real Response that serves the body once something other than the bytes is asked for. */
  #real: Response | undefined;

  constructor(bytes: Uint8Array<ArrayBuffer>, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#delegate().body;
  }

  override get bodyUsed(): boolean {
    return this.#real ? this.#real.bodyUsed : this.#bytes === undefined;
  }

  override async text(): Promise<string> {
    if (this.#real) return this.#real.text();
    return decoder.decode(this.#take());
  }

  override async json(): Promise<unknown> {
    if (this.#real) return this.#real.json();
    return JSON.parse(decoder.decode(this.#take()));
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#real) return this.#real.arrayBuffer();
    return this.#take().slice().buffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    if (this.#real) return this.#real.bytes();
    return this.#take().slice();
  }

  override blob(): Promise<Blob> {
    return this.#delegate().blob();
  }

  override formData(): Promise<FormData> {
    return this.#delegate().formData();
  }

  override clone(): Response {
    return this.#delegate().clone();
  }

  #take(): Uint8Array<ArrayBuffer> {
    const bytes = this.#bytes;
    if (bytes === undefined) throw new TypeError("Body is unusable: Body has already been read");
    this.#bytes = undefined;
    return bytes;
  }

  #delegate(): Response {
    if (this.#real === undefined) {
      const init = { status: this.status, statusText: this.statusText, headers: this.headers };
      this.#real = new Response(this.#bytes ?? EMPTY, init);
      // Note: a body already read stays read: locked and disturbed, as a Response's would be.
      if (this.#bytes === undefined) this.#real.arrayBuffer().catch(() => undefined);
      this.#bytes = undefined;
    }
    return this.#real;
  }
}

// Note: bytes() is newer than some runtimes; where Response lacks it, so does this one.
if (!("bytes" in Response.prototype)) {
  delete (BufferedResponse.prototype as Partial<BufferedResponse>).bytes;
}
