import type { Command, Option } from "commander";
import { DEPLOY_STATUS, type EnumNames, TASK_TYPE, UPDATE_TYPE } from "./names.js";
import type { SHELLS } from "./shells.js";

// `dlf-release completion bash|zsh|fish`: shell completion made from the program's own definition
// (its commands, their flags, and the values a flag takes), so that it cannot fall behind it.
// Profile names are read when completing, from the config file (`completion --profiles`).

/** The values of flags whose parsers take names: shown by name. */
const NAMED_VALUES: Record<string, EnumNames> = {
  "--status": DEPLOY_STATUS,
  "--task-type": TASK_TYPE,
  "--update-type": UPDATE_TYPE,
};

/** What completes a flag's value: fixed words, profile names, files, or anything. */
type ValueKind = { words: string[] } | "profiles" | "files" | "any" | "none";

function valueKind(option: Option): ValueKind {
  if (!option.required && !option.optional) return "none";
  if (option.long === "--profile") return "profiles";
  if (option.long === "--junit") return "files";
  const named = NAMED_VALUES[option.long ?? ""];
  if (named) return { words: Object.values(named) };
  if (option.argChoices) return { words: option.argChoices };
  return "any";
}

interface Spec {
  globals: Option[];
  commands: { name: string; description: string; options: Option[] }[];
}

const visible = (options: readonly Option[]) => options.filter((option) => !option.hidden);

const specOf = (program: Command): Spec => ({
  globals: visible(program.options).filter((option) => option.long !== "--version"),
  commands: program.commands.map((command) => ({
    name: command.name(),
    description: command.description(),
    options: visible(command.options),
  })),
});

const longs = (options: Option[]) => options.map((option) => option.long ?? "").join(" ");

/** Every flag that takes a value, with how to complete it, across the program. */
function valueFlags(spec: Spec): Map<string, Exclude<ValueKind, "none">> {
  const flags = new Map<string, Exclude<ValueKind, "none">>();
  for (const option of [...spec.globals, ...spec.commands.flatMap((command) => command.options)]) {
    const kind = valueKind(option);
    if (kind !== "none" && option.long) flags.set(option.long, kind);
  }
  return flags;
}

function bash(spec: Spec, bin: string): string {
  const values = [...valueFlags(spec)]
    .map(([flag, kind]) => {
      const reply =
        kind === "profiles"
          ? `COMPREPLY=($(compgen -W "$(${bin} completion --profiles 2>/dev/null)" -- "$cur"))`
          : kind === "files"
            ? `COMPREPLY=($(compgen -f -- "$cur"))`
            : kind === "any"
              ? "COMPREPLY=()"
              : `COMPREPLY=($(compgen -W "${kind.words.join(" ")}" -- "$cur"))`;
      return `    ${flag}) ${reply}; return ;;`;
    })
    .join("\n");
  const perCommand = spec.commands
    .map((command) => `    ${command.name}) flags="${longs(command.options)}" ;;`)
    .join("\n");
  return `# ${bin} completion for bash: source it, e.g. from ~/.bashrc:
#   source <(${bin} completion bash)
_dlf_release() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local commands="${spec.commands.map((command) => command.name).join(" ")}"
  local globals="${longs(spec.globals)} --help"
  case "$prev" in
${values}
  esac
  local command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case " $commands " in *" \${COMP_WORDS[i]} "*) command="\${COMP_WORDS[i]}"; break ;; esac
  done
  if [[ -z "$command" && "$cur" != -* ]]; then
    COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    return
  fi
  local flags=""
  case "$command" in
${perCommand}
  esac
  COMPREPLY=($(compgen -W "$flags $globals" -- "$cur"))
}
complete -F _dlf_release ${bin}
`;
}

function zsh(spec: Spec, bin: string): string {
  return `#compdef ${bin}
# ${bin} completion for zsh: source it, e.g. from ~/.zshrc:
#   source <(${bin} completion zsh)
# It is the bash completion, through zsh's bashcompinit (which needs compinit loaded).
(( $+functions[compdef] )) || { autoload -U +X compinit && compinit -u; }
autoload -U +X bashcompinit && bashcompinit
${bash(spec, bin)
  .split("\n")
  .filter((line) => !line.startsWith("#"))
  .join("\n")}`;
}

function fish(spec: Spec, bin: string): string {
  const lines = [
    `# ${bin} completion for fish: save it as ~/.config/fish/completions/${bin}.fish:`,
    `#   ${bin} completion fish > ~/.config/fish/completions/${bin}.fish`,
    `complete -c ${bin} -f`,
    ...spec.commands.map(
      (command) =>
        `complete -c ${bin} -n __fish_use_subcommand -a ${command.name} -d ${quote(command.description)}`,
    ),
  ];
  const line = (option: Option, condition: string) => {
    const kind = valueKind(option);
    const value =
      kind === "none"
        ? ""
        : kind === "profiles"
          ? ` -x -a "(${bin} completion --profiles 2>/dev/null)"`
          : kind === "files"
            ? " -r -F"
            : kind === "any"
              ? " -x"
              : ` -x -a ${quote(kind.words.join(" "))}`;
    return `complete -c ${bin}${condition} -l ${(option.long ?? "").slice(2)}${value} -d ${quote(option.description)}`;
  };
  for (const option of spec.globals) lines.push(line(option, ""));
  for (const command of spec.commands) {
    for (const option of command.options) {
      lines.push(line(option, ` -n "__fish_seen_subcommand_from ${command.name}"`));
    }
  }
  return `${lines.join("\n")}\n`;
}

const quote = (text: string) => `'${text.replaceAll("'", "\\'")}'`;

/** The completion script of a shell, for `bin` (the command's name on the PATH). */
export function completionScript(
  program: Command,
  shell: (typeof SHELLS)[number],
  bin: string,
): string {
  const spec = specOf(program);
  if (shell === "bash") return bash(spec, bin);
  if (shell === "zsh") return zsh(spec, bin);
  return fish(spec, bin);
}
