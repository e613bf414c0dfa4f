/** The search's pinyin readings for a lookup whose input has Latin letters (`outlets jingbalu`); else none. */
import { searcher } from '../services.js';
import { hasLatin, type Readings } from '../lookup/match.js';

export async function readingsFor(dataDir: string, ...inputs: (string | undefined)[]): Promise<Readings | undefined> {
  return hasLatin(...inputs) ? (await searcher(dataDir)).pinyin : undefined;
}
