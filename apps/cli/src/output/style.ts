/** Colours for one stream: real ones on a terminal, none elsewhere or when NO_COLOR is set. */
export interface Style {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const plain = (text: string) => text;
const PLAIN: Style = { green: plain, red: plain, yellow: plain, dim: plain, bold: plain };
const paint = (open: number, close: number) => (text: string) =>
  `\x1b[${open}m${text}\x1b[${close}m`;
const COLOURED: Style = {
  green: paint(32, 39),
  red: paint(31, 39),
  yellow: paint(33, 39),
  dim: paint(2, 22),
  bold: paint(1, 22),
};

/** https://no-color.org: any non-empty NO_COLOR turns colour off. */
export function styleFor(isTty: boolean, env: Record<string, string | undefined>): Style {
  return isTty && !env.NO_COLOR ? COLOURED : PLAIN;
}

/** Removes colour codes, to measure what a reader sees. */
export function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is removed
  return text.replace(/\x1b\[[0-9;]*m/g, "").length;
}
