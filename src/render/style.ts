/**
 * Colour styles for terminal output. Without colour (a pipe, NO_COLOR, --no-color) every style is the
 * identity function and chalk is never loaded: a one-shot `sbk ... | jq` does not pay for it.
 */
export interface Style {
  heading: (s: string) => string;
  phone: (s: string) => string;
  figure: (s: string) => string;
  id: (s: string) => string;
  dim: (s: string) => string;
  warn: (s: string) => string;
  bold: (s: string) => string;
}

const same = (s: string) => s;

export const PLAIN: Style = { heading: same, phone: same, figure: same, id: same, dim: same, warn: same, bold: same };

export async function loadStyle(color: boolean): Promise<Style> {
  if (!color) return PLAIN;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return {
    heading: (s) => c.bold.cyan(s),
    phone: (s) => c.bold.yellow(s),
    figure: (s) => c.bold(s),
    id: (s) => c.dim(s),
    dim: (s) => c.dim(s),
    warn: (s) => c.bold.red(s),
    bold: (s) => c.bold(s),
  };
}
