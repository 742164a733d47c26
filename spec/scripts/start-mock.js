// @ts-check
// `pnpm start`: the Prism mock of the bundled spec, until Ctrl-C.
import { startMock } from "./mock.js";

const port = Number(process.env.DLF_MOCK_PORT ?? 4010);
// Note: 0 lets Prism pick a free port, which the banner then shows.
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`DLF_MOCK_PORT must be a TCP port (0-65535), got "${process.env.DLF_MOCK_PORT}"`);
  process.exit(2);
}

const mock = await startMock({ port, onLog: (text) => process.stdout.write(text) });
console.log(`
Mock API (Prism): ${mock.url}
Try it:
  curl -s -H 'X-Auth-Token: any-token' -H 'workspace: any-workspace' \\
    '${mock.url}/v2/my-project/factory/pending-items?limit=10'
A refused request gets the spec's DLF.3051 example as its body; why it was refused is in the
sl-violations response header (curl -i shows it).
Point the dlf-release CLI at it (apps/cli/README.md):
  export DLF_BASE_URL=${mock.url} DLF_TOKEN=any-token HUAWEICLOUD_SDK_PROJECT_ID=my-project DLF_WORKSPACE=any-workspace
  dlf-release pending
It answers with the spec's examples and keeps no state: to rehearse a release from start to end
(release --all-pending --wait), use the sandbox, the stateful stand-in that pnpm start runs beside it (dlf-release sandbox).
Press Ctrl-C to stop.
`);

for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.once(signal, async () => {
    await mock.stop();
    console.log("Mock API stopped.");
    process.exit(0);
  });
}
