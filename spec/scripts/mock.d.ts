/** The bundled spec that Prism serves. */
export declare const bundledSpec: string;

/** How Prism is started; every field is optional. */
export interface PrismOptions {
  /** The port to listen on; by default Prism picks a free one and the URL says which. */
  port?: number;
  host?: string;
  /** Another spec file to use instead of the bundled one. */
  spec?: string;
  /** How long to wait for Prism's ready line (default 180 s); the error carries its last output. */
  readyTimeoutMs?: number;
  /** Prism's own log lines once it is ready (it logs every request it serves). */
  onLog?: (text: string) => void;
}

/** Starts `prism mock --errors` on the bundled spec (or `spec`) and resolves once it is listening. */
export declare function startMock(
  options?: PrismOptions,
): Promise<{ url: string; stop: () => Promise<void> }>;
/** Starts `prism proxy --errors` in front of `upstream`, checking traffic against the bundled spec. */
export declare function startProxy(
  upstream: string,
  options?: PrismOptions,
): Promise<{ url: string; stop: () => Promise<void> }>;
