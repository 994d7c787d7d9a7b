// Watches the template folder and the config file, and calls back (debounced) when one changes: live reload.
import { watch, type FSWatcher } from "node:fs";
import path from "node:path";

export interface SourceWatcher {
  close(): void;
}

const DEBOUNCE_MS = 100;

export function watchSources(sources: { configFile: string; templateDir: string }, onChange: () => void): SourceWatcher {
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, DEBOUNCE_MS);
  };
  const configName = path.basename(sources.configFile);
  // The config's folder, not the file: editors save by writing a new file and renaming it over the old one.
  const watchers: FSWatcher[] = [
    watch(path.dirname(path.resolve(sources.configFile)), (_event, name) => {
      if (name === configName) changed();
    }),
    watch(sources.templateDir, { recursive: true }, changed),
  ];
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
