// The web platform as browsers and workers give it: no Node built-ins, so the signer hashes with
// Web Crypto. Hidden before the client's modules load, which look once.
Object.defineProperty(process, "getBuiltinModule", { value: undefined, configurable: true });
