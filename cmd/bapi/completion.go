package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// bashCompletion is urfave/cli v2's autocomplete/bash_autocomplete for the
// program bapi (working without the bash-completion package too): it asks bapi for the candidates with the hidden
// --generate-bash-completion flag (commands, or flags when the word starts
// with -), and falls back to file names.
const bashCompletion = `# bash completion for bapi; load it with: source <(bapi completion bash)

# Macs have bash3 for which the bash-completion package doesn't include
# _init_completion. This is a minimal version of that function, which also
# works without the bash-completion package.
_bapi_init_completion() {
  COMPREPLY=()
  if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
    _get_comp_words_by_ref "$@" cur prev words cword
  else
    cur="${COMP_WORDS[COMP_CWORD]}"
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  fi
}

_bapi_bash_autocomplete() {
  if [[ "${COMP_WORDS[0]}" != "source" ]]; then
    local cur opts base words cword requestComp
    COMPREPLY=()
    cur="${COMP_WORDS[COMP_CWORD]}"
    if declare -F _init_completion >/dev/null 2>&1; then
      _init_completion -n "=:" || return
    else
      _bapi_init_completion -n "=:" || return
    fi
    words=("${words[@]:0:$cword}")
    if [[ "$cur" == "-"* ]]; then
      requestComp="${words[*]} ${cur} --generate-bash-completion"
    else
      requestComp="${words[*]} --generate-bash-completion"
    fi
    opts=$(eval "${requestComp}" 2>/dev/null)
    COMPREPLY=($(compgen -W "${opts}" -- ${cur}))
    return 0
  fi
}

complete -o bashdefault -o default -o nospace -F _bapi_bash_autocomplete bapi
`

// zshCompletion is urfave/cli v2's autocomplete/zsh_autocomplete for bapi.
const zshCompletion = `#compdef bapi
# zsh completion for bapi; load it with: source <(bapi completion zsh)
# (after compinit), or save it as _bapi in a directory on $fpath.

_bapi_zsh_autocomplete() {
  local -a opts
  local cur
  cur=${words[-1]}
  if [[ "$cur" == "-"* ]]; then
    opts=("${(@f)$(${words[@]:0:#words[@]-1} ${cur} --generate-bash-completion)}")
  else
    opts=("${(@f)$(${words[@]:0:#words[@]-1} --generate-bash-completion)}")
  fi

  if [[ "${opts[1]}" != "" ]]; then
    _describe 'values' opts
  else
    _files
  fi
}

compdef _bapi_zsh_autocomplete bapi
`

func completionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script for bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		Description: `Prints a script that completes bapi's commands and flags. Load it in the
current shell, or in your shell's startup file:

   bash:  source <(bapi completion bash)            (in ~/.bashrc)
   zsh:   source <(bapi completion zsh)             (in ~/.zshrc, after compinit)
   fish:  bapi completion fish > ~/.config/fish/completions/bapi.fish`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageError("completion takes one shell name: bash, zsh or fish; see bapi completion --help")
			}
			var script string
			switch sh := c.Args().First(); sh {
			case "bash":
				script = bashCompletion
			case "zsh":
				script = zshCompletion
			case "fish":
				s, err := c.App.ToFishCompletion()
				if err != nil {
					return fmt.Errorf("generate the fish completion: %w", err)
				}
				// urfave/cli keeps the placeholder backquotes of usages.
				script = strings.ReplaceAll(s, "`", "")
			default:
				return usageError("unknown shell %q; use one of bash, zsh, fish", sh)
			}
			_, err := fmt.Fprint(e.stdout, script)
			return err
		},
	}
}
