// @ts-check
// `pnpm start`: serves dist/ on http://127.0.0.1:8080 (DLF_DOCS_PORT moves it) until Ctrl-C.
// Also the server of the browser test and the benchmark: serveDist() with port 0 picks a free port.
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const distDir = fileURLToPath(new URL("../dist/", import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Where GitHub Pages serves the project site: https://<owner>.github.io/dlf-release/. */
export const PAGES_BASE = "/dlf-release/";

/**
 * Serves the files of a folder (GET and HEAD; "/" is index.html) on 127.0.0.1, under `base` (default
 * "/"; the browser test uses PAGES_BASE, as the docs are hosted). Outside `base` everything is 404,
 * and `base` without its slash redirects to it, as GitHub Pages does.
 * @param {{ port?: number, host?: string, root?: string, base?: string }} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveDist(options = {}) {
  const root = options.root ?? distDir;
  const host = options.host ?? "127.0.0.1";
  const base = options.base ?? "/";
  if (!base.startsWith("/") || !base.endsWith("/"))
    throw new Error(`base must start and end with "/": ${base}`);
  const server = createServer((request, response) => {
    let path = "";
    try {
      path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    } catch {
      response.writeHead(400, { "content-type": "text/plain" }).end("Bad request\n");
      return;
    }
    if (`${path}/` === base) {
      response.writeHead(301, { location: base }).end();
      return;
    }
    if (!path.startsWith(base)) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      return;
    }
    path = `/${path.slice(base.length)}`;
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    const type = TYPES[/** @type {keyof typeof TYPES} */ (extname(file))];
    let size = -1;
    try {
      if (file.startsWith(root.endsWith(sep) ? root : root + sep)) size = statSync(file).size;
    } catch {}
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
    } else if (size < 0 || type === undefined) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
    } else {
      response.writeHead(200, {
        "content-type": type,
        "content-length": size,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      if (request.method === "HEAD") response.end();
      else createReadStream(file).pipe(response);
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return {
    url: `http://${host}:${address.port}${base}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.DLF_DOCS_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`DLF_DOCS_PORT must be a TCP port (1-65535), got "${process.env.DLF_DOCS_PORT}"`);
    process.exit(2);
  }
  try {
    statSync(join(distDir, "index.html"));
  } catch {
    console.error("dist/index.html is missing: run `pnpm --filter @dlf-release/docs build` first");
    process.exit(1);
  }
  const docs = await serveDist({ port }).catch((/** @type {NodeJS.ErrnoException} */ error) => {
    console.error(
      error.code === "EADDRINUSE"
        ? `Port ${port} is in use: set DLF_DOCS_PORT to another port`
        : `Cannot serve the docs: ${error.message}`,
    );
    process.exit(1);
  });
  console.log(`\nAPI docs: ${docs.url}\nPress Ctrl-C to stop.\n`);
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
    process.once(signal, async () => {
      await docs.close();
      console.log("API docs stopped.");
      process.exit(0);
    });
  }
}
