/** The shells `dlf-release completion` makes a script for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;
