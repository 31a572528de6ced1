/**
 * A publish writes into `.building-<id>-<host>-<pid>` and renames it into place when done; a publish
 * that was killed leaves that folder behind, with everything it had written. The next publish
 * removes such folders: at once when they belong to a process of this host that is gone, otherwise
 * (another host's, a reused pid, or a name without one) when nothing in them changed for longer than
 * a publish takes. The same goes for a `.current-<id>` link left between its creation and the switch.
 */
import { lstat, readdir, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

/** Far longer than a publish takes (a minute or two for a million customers). */
export const STALE_PUBLISH_MS = 6 * 3_600_000;

const BUILDING = /^\.building-\d{8}T\d{6}-\d{3}Z-([A-Za-z0-9._]+)-(\d+)$/;

/** The folder a publish of `id` writes into, naming this host and process. */
export function buildingFolderName(id: string, host = hostname(), pid = process.pid): string {
  return `.building-${id}-${host.replace(/[^A-Za-z0-9.]/g, "_")}-${pid}`;
}

/** Removes what killed publishes left in `root`; returns the names removed. */
export async function pruneUnfinishedPublishes(root: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(root)) {
    if (!name.startsWith(".building-") && !name.startsWith(".current-")) continue;
    const path = join(root, name);
    try {
      if (!ownerIsGone(name) && now - (await lastChangeMs(path)) < STALE_PUBLISH_MS) continue;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue; // a publish running beside this one just renamed it
      throw err;
    }
    await rm(path, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Whether the folder names a process of this host that no longer runs. */
function ownerIsGone(name: string): boolean {
  const match = BUILDING.exec(name);
  if (!match || match[1] !== hostname().replace(/[^A-Za-z0-9.]/g, "_")) return false;
  try {
    process.kill(Number(match[2]), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH"; // EPERM: it runs, as another user
  }
}

/** The newest modification time of a path and, for a folder, of everything in it. */
async function lastChangeMs(path: string): Promise<number> {
  const stat = await lstat(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await lastChangeMs(join(path, entry)));
  return newest;
}
