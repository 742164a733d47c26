/** The bundled spec that Prism serves. */
export declare const bundledSpec: string;
/** Asks the kernel for a free TCP port on 127.0.0.1. */
export declare function freePort(): Promise<number>;
/** Starts `prism mock --errors` on the bundled spec and resolves once it is listening; later output goes to `onLog`. */
export declare function startMock(options?: {
  port?: number;
  host?: string;
  readyTimeoutMs?: number;
  onLog?: (text: string) => void;
}): Promise<{ url: string; stop: () => Promise<void> }>;
