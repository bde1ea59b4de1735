import { readFileSync } from 'node:fs';

/**
 * A static query kept in a `.sql` file beside the module that runs it; the file's header comment
 * names its `$n` inputs and its output columns. Read once, when the module loads.
 */
export const sqlFile = (url: URL): string => readFileSync(url, 'utf8');
