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
 * is passed (then it throws rather than stop silently). One page at a time, asked for only when
 * the last one has been read.
 */
export async function* paginate<T>(
  fetchPage: (limit: number, offset: number) => Promise<Page<T>>,
  { pageSize, maxItems, offsetMode }: PageSettings,
): AsyncGenerator<T, undefined> {
  let received = 0;
  for (let pages = 0; ; pages++) {
    const { data = [], total } = await fetchPage(
      pageSize,
      offsetMode === "page" ? pages : received,
    );
    if (received + data.length > maxItems) {
      throw new DlfError(
        `stopped after ${maxItems} items (maxItems): the service reports ${total}; raise maxItems to read them all`,
      );
    }
    received += data.length;
    for (const item of data) yield item;
    if (data.length < pageSize || received >= total) return undefined;
  }
}
