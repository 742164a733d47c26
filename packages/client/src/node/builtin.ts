/**
 * A Node built-in module where the runtime hands it out without an import (Node 20.16+, Bun, Deno:
 * process.getBuiltinModule); undefined elsewhere, e.g. in browsers. No static `node:` import, so
 * the package still loads everywhere.
 */
export function builtin<T>(id: string): T | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  try {
    return runtime?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}
