import type * as vscode from 'vscode';

const STATE_KEY = 'mediaStorage.pinnedBuckets';

/**
 * Buckets the user opened by name under a connection. Credentials scoped to one bucket usually
 * lack s3:ListAllMyBuckets, so ListBuckets alone would hide the very bucket they work in. Kept in
 * the user's global state: a bucket name is not a secret, but it is personal, not team config.
 */
export class PinnedBuckets {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Record<string, string[]> {
    return this.state.get<Record<string, string[]>>(STATE_KEY, {});
  }

  get(connectionKey: string): string[] {
    return [...(this.all()[connectionKey] ?? [])].sort();
  }

  async add(connectionKey: string, bucket: string): Promise<void> {
    const all = this.all();
    const list = new Set(all[connectionKey] ?? []);
    list.add(bucket);
    await this.state.update(STATE_KEY, { ...all, [connectionKey]: [...list] });
  }

  async remove(connectionKey: string, bucket: string): Promise<void> {
    const all = this.all();
    const list = (all[connectionKey] ?? []).filter((b) => b !== bucket);
    await this.state.update(STATE_KEY, { ...all, [connectionKey]: list });
  }
}
