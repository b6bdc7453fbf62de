// The CLI's name, version and home, from package.json (esbuild inlines it into dist/cli.js;
// tsc copies it to out/package.json).
import pkg from '../../package.json';

export const TOOL_NAME: string = pkg.name;
export const TOOL_VERSION: string = pkg.version;

/** The repository as a browsable https URL, without a trailing `.git`. */
export function repositoryUrl(): string {
  const repo: unknown = (pkg as { repository?: unknown }).repository;
  const url = typeof repo === 'string' ? repo : ((repo as { url?: string } | undefined)?.url ?? '');
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

/** Where the README explains `ruleId` (one anchor per rule id). */
export function ruleHelpUri(ruleId: string): string {
  return `${repositoryUrl()}/blob/main/README.md#${ruleId}`;
}
