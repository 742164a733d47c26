import type { Style } from "./style.js";

/** Where a command's messages and progress go: stderr, with one live line on a terminal. */
export interface Messages {
  /** Colours for stderr. */
  readonly style: Style;
  /** Whether a live line is drawn (stderr is a terminal). */
  readonly live: boolean;
  /** Prints one line, above the live line if there is one. */
  line(text: string): void;
  /** Replaces the live line; off a terminal, prints the text as a line. */
  status(text: string): void;
  /** Ends the live line, leaving its last text on screen. */
  end(): void;
}

/** Writes messages to a stream; `live` draws the status line in place with \r and erase-line. */
export function createMessages(
  write: (text: string) => void,
  live: boolean,
  style: Style,
): Messages {
  let current: string | undefined;
  const erase = () => {
    if (live && current !== undefined) write("\r\x1b[2K");
  };
  return {
    style,
    live,
    line(text) {
      erase();
      write(`${text}\n`);
      if (live && current !== undefined) write(current);
    },
    status(text) {
      // Note: off a terminal the caller decides what is news; every call is a line.
      if (!live) return write(`${text}\n`);
      if (text === current) return;
      erase();
      write(text);
      current = text;
    },
    end() {
      if (live && current !== undefined) write("\n");
      current = undefined;
    },
  };
}
