/** The bundled spec that Prism serves. */
export declare const bundledSpec: string;
/** Asks the kernel for a free TCP port on 127.0.0.1. */
export declare function freePort(): Promise<number>;
/** Starts `prism mock --errors` on the bundled spec (or `spec`) and resolves once it is listening; later output goes to `onLog`. */
export declare function startMock(options?: {
  port?: number;
  host?: string;
  /** Another spec file to serve instead of the bundled one. */
  spec?: string;
  readyTimeoutMs?: number;
  onLog?: (text: string) => void;
}): Promise<{ url: string; stop: () => Promise<void> }>;
/** Starts `prism proxy --errors` in front of `upstream`, checking traffic against the bundled spec. */
export declare function startProxy(
  upstream: string,
  options?: {
    port?: number;
    host?: string;
    /** Another spec file to check against instead of the bundled one. */
    spec?: string;
  /** Another spec file to serve instead of the bundled one. */
  spec?: string;
    readyTimeoutMs?: number;
    onLog?: (text: string) => void;
  },
): Promise<{ url: string; stop: () => Promise<void> }>;
