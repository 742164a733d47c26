import { join } from "node:path";
import { main } from "../../src/main.js";
import { freshHome, type Run } from "./run-cli.js";

/**
 * Runs `dlf-release` in this process, through main(argv, io), as the bin does, with only `env`
 * (plus a fresh home) for its environment; `interrupt` stands in for SIGINT and SIGTERM.
 */
export async function runMain(
  args: string[],
  env: Record<string, string | undefined> = {},
  options: { interrupt?: AbortSignal } = {},
): Promise<Run> {
  const home = env.HOME ?? freshHome();
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: {
      write: (text: string) => {
        stdout += text;
      },
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
      },
    },
    env: { HOME: home, XDG_CONFIG_HOME: join(home, "config"), ...env },
    ...(options.interrupt && { interrupt: options.interrupt }),
  });
  return { code, stdout, stderr };
}
