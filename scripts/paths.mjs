// Where things are, for every script: they may be started from any working directory.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = path.join(projectRoot, 'out');
export const distDir = path.join(projectRoot, 'dist');
