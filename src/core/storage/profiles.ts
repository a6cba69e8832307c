// The AWS profiles a connection can use, read from the shared config and credentials files by the
// SDK's own loader (the same sections, the same `profile ` prefix rules, the same file locations).

type IniSection = Record<string, string | undefined>;
type IniData = Record<string, IniSection | undefined>;

export interface AwsProfile {
  name: string;
  /** how the profile gets its keys, in a few words */
  detail: string;
}

// Sections of the config file that are not profiles; the loader keeps them as `type.name`.
const NON_PROFILE_SECTIONS = ['sso-session.', 'services.'];

function describe(name: string, config: IniSection | undefined, inCredentialsFile: boolean): string {
  const how: string[] = [];
  if (config?.['sso_session']) how.push(`SSO session ${config['sso_session']}`);
  else if (config?.['sso_start_url']) how.push(`SSO ${config['sso_start_url']}`);
  if (config?.['role_arn']) how.push(`assumes ${config['role_arn']}`);
  if (config?.['credential_process']) how.push('credential process');
  if (config?.['login_session']) how.push('console sign-in');
  if (inCredentialsFile) how.push('keys in the credentials file');
  if (!how.length) how.push(name === 'default' ? 'default profile' : 'settings only (no keys of its own)');
  const region = config?.['region'];
  return region ? `${how.join(', ')} · ${region}` : how.join(', ');
}

/** Profiles of both files, each once, sorted with `default` first. */
export function profilesOf(files: { configFile: IniData; credentialsFile: IniData }): AwsProfile[] {
  const names = new Set<string>();
  for (const name of Object.keys(files.configFile)) if (!NON_PROFILE_SECTIONS.some((p) => name.startsWith(p))) names.add(name);
  for (const name of Object.keys(files.credentialsFile)) names.add(name);
  return [...names]
    .sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)))
    .map((name) => ({ name, detail: describe(name, files.configFile[name], files.credentialsFile[name] !== undefined) }));
}

/**
 * Reads the files anew each time (a profile added since the last question is offered). Files that
 * do not exist give no profiles; a file the loader refuses is a reason shown to the user.
 */
export async function readProfiles(): Promise<{ profiles: AwsProfile[]; problem?: string }> {
  try {
    const { loadSharedConfigFiles } = await import('./sdkDeps');
    const files = await loadSharedConfigFiles({ ignoreCache: true });
    return { profiles: profilesOf(files) };
  } catch (e) {
    return { profiles: [], problem: e instanceof Error ? e.message : String(e) };
  }
}
