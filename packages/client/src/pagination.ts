import { DlfError } from "./errors.js";

/**
 * What `offset` means. The API pages call it a page number ("page"): 0, 1, 2, ...; the official
 * sources never say, so "record" (0, limit, 2 * limit, ...) is there for a service that disagrees.
 */
export type OffsetMode = "page" | "record";

/** How an iterator walks the pages. */
export interface PageOptions {
  /** Items asked for per request, 1 to 100. Default 100. */
  pageSize?: number | undefined;
  /** A guard against runaway iteration: more items than this throws. Default 10000. */
  maxItems?: number | undefined;
  /** What `offset` means; defaults to the client's `offsetMode`. */
  offsetMode?: OffsetMode | undefined;
}

/** PageOptions with every field settled. */
export interface PageSettings {
  pageSize: number;
  maxItems: number;
  offsetMode: OffsetMode;
}

/** One page as the list operations answer it. */
export interface Page<T> {
  data?: T[] | undefined;
  total: number;
}

/**
 * Every item of every page, until `total` items have come, a page comes back short, or `maxItems`
 * is passed (then it throws rather than stop silently).
 */
export function paginate<T>(
  fetchPage: (limit: number, offset: number) => Promise<Page<T>>,
  options: PageSettings,
): AsyncIterableIterator<T> {
  return new Items(fetchPage, options);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * An async iterator over pages, by hand rather than an async generator: a generator's `yield*`
 * costs about 0.6 kB of garbage per item, which over many pages grows the heap; this one, an
 * IteratorResult and a settled promise.
 */
class Items<T> implements AsyncIterableIterator<T> {
  readonly #fetchPage: (limit: number, offset: number) => Promise<Page<T>>;
  readonly #options: PageSettings;
  #page: T[] = [];
  #index = 0;
  #pages = 0;
  #received = 0;
  #done = false;
  /** The next page on its way; calls to next() meanwhile wait for it, in order. */
  #loading: Promise<void> | undefined;

  constructor(
    fetchPage: (limit: number, offset: number) => Promise<Page<T>>,
    options: PageSettings,
  ) {
    this.#fetchPage = fetchPage;
    this.#options = options;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    // Note: a call made while a page is on its way waits for it; if that page fails, the call that
    // asked for it rejects, and the waiting ones see the iteration ended, as with a generator.
    if (this.#loading) return this.#loading.then(this.#next, this.#next);
    if (this.#index < this.#page.length) {
      return Promise.resolve({ value: this.#page[this.#index++] as T, done: false });
    }
    if (this.#done) return this.return();
    // Note: the page read is let go before the next one arrives.
    this.#page = [];
    this.#loading = this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading.then(this.#next);
  }

  readonly #next = () => this.next();

  return(): Promise<IteratorReturnResult<undefined>> {
    this.#done = true;
    this.#page = [];
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async #load(): Promise<void> {
    const { pageSize, maxItems, offsetMode } = this.#options;
    try {
      const offset = offsetMode === "page" ? this.#pages : this.#received;
      const { data = [], total } = await this.#fetchPage(pageSize, offset);
      // Note: return() while the page was on its way ends the iteration all the same.
      if (this.#done) return;
      if (this.#received + data.length > maxItems) {
        throw new DlfError(
          `stopped after ${maxItems} items (maxItems): the service reports ${total}; raise maxItems to read them all`,
        );
      }
      this.#pages++;
      this.#received += data.length;
      this.#page = data;
      this.#index = 0;
      this.#done = data.length < pageSize || this.#received >= total;
    } catch (error) {
      this.#done = true;
      throw error;
    }
  }
}
