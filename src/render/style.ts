/** Colour styles for terminal output. With colour off every style is the identity function. */
import { Chalk } from 'chalk';

export interface Style {
  heading: (s: string) => string;
  phone: (s: string) => string;
  figure: (s: string) => string;
  id: (s: string) => string;
  dim: (s: string) => string;
  warn: (s: string) => string;
  bold: (s: string) => string;
}

export function makeStyle(color: boolean): Style {
  const c = new Chalk({ level: color ? 1 : 0 });
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
