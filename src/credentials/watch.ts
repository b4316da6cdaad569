// Tells us when Claude Code (or anyone) rewrites, blanks, deletes or creates the credentials file.
// Watches the directory, not the file: an atomic rename replaces the file's inode and detaches file watchers.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Watch {
  dispose(): void;
}

/**
 * Calls `onChange` (debounced) whenever an entry named `fileName` in `dir` changes. When `dir` does not exist
 * yet, watches the nearest existing parent until it appears.
 */
export function watchFile(file: string, onChange: () => void, debounceMs = 75): Watch {
  const dir = path.dirname(file);
  const name = path.basename(file);
  let watcher: fs.FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;

  const fire = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!disposed) {
        onChange();
      }
    }, debounceMs);
  };

  const attach = (): void => {
    watcher?.close();
    watcher = undefined;
    if (disposed) {
      return;
    }
    if (fs.existsSync(dir)) {
      try {
        watcher = fs.watch(dir, { persistent: false }, (_event, changed) => {
          if (!fs.existsSync(dir)) {
            fire();
            attach();
          } else if (!changed || changed === name) {
            fire();
          }
        });
        watcher.on('error', () => {
          // The directory went away: wait for it to come back, and report the file as changed (gone).
          fire();
          setTimeout(attach, 250);
        });
        return;
      } catch {
        // Fall through to waiting for the directory.
      }
    }
    // The directory is not there yet: watch the closest parent that is, and re-attach when it changes.
    let parent = path.dirname(dir);
    while (!fs.existsSync(parent) && path.dirname(parent) !== parent) {
      parent = path.dirname(parent);
    }
    try {
      watcher = fs.watch(parent, { persistent: false }, () => {
        if (fs.existsSync(dir)) {
          attach();
          fire();
        }
      });
    } catch {
      setTimeout(attach, 1000);
    }
  };

  attach();
  return {
    dispose: () => {
      disposed = true;
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
