// The CLI's name, version and home, from package.json (esbuild inlines the fields used into the
// bundle, not the whole manifest: a namespace import lets it drop the rest; tsc copies it to
// out/package.json).
import * as pkg from '../../package.json';

export const TOOL_NAME: string = pkg.name;
export const TOOL_VERSION: string = pkg.version;

/**
 * The repository as a browsable https URL, without a trailing `.git`; undefined while the
 * project has no public repository (then nothing links to one).
 */
export function repositoryUrl(): string | undefined {
  const repo: unknown = (pkg as { repository?: unknown }).repository;
  const url = typeof repo === 'string' ? repo : ((repo as { url?: string } | undefined)?.url ?? '');
  return url ? url.replace(/^git\+/, '').replace(/\.git$/, '') : undefined;
}

/** Where the rule's page (docs/rules/<rule-id>.md) is published, when there is a repository. */
export function ruleHelpUri(ruleId: string): string | undefined {
  const repo = repositoryUrl();
  return repo ? `${repo}/blob/main/docs/rules/${ruleId}.md` : undefined;
}
