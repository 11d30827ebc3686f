import { useRef, useState } from 'preact/hooks';
import type { Page } from './apiTypes.js';
import { useSession } from './session.js';
import { useOnce } from './useOnce.js';

/** A cursor-paged list behind a filter form: what is shown, and the ways to move. */
export interface PagedList<T> {
  /** The page shown, once the first one arrived. */
  page: Page<T> | undefined;
  /** The cursor the shown page was read at (undefined: the first page). */
  cursor: string | undefined;
  /** Reads the page at `cursor` (the first page without one) with the current filters. */
  load(cursor?: string): Promise<void>;
  /** New filters: back to their first page. */
  search(filters: Record<string, string>): void;
}

/** Loads the first page at once; failures go to the session (a refused token signs out). */
export function usePagedList<T>(fetchPage: (filters: Record<string, string>, cursor: string | undefined) => Promise<Page<T>>): PagedList<T> {
  const session = useSession();
  const filters = useRef<Record<string, string>>({});
  // Only the latest request may draw: a slow answer to an older one (the first page, a poll) must not replace a newer search.
  const latest = useRef(0);
  const [shown, setShown] = useState<{ page: Page<T>; cursor: string | undefined } | undefined>(undefined);
  async function load(cursor?: string) {
    const request = ++latest.current;
    try {
      const page = await fetchPage(filters.current, cursor);
      if (request === latest.current) setShown({ page, cursor });
    } catch (err) {
      if (request === latest.current) session.failed(err);
    }
  }
  useOnce(() => void load());
  return {
    page: shown?.page,
    cursor: shown?.cursor,
    load,
    search(values) {
      filters.current = values;
      void load();
    },
  };
}
