package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/output"

	"github.com/urfave/cli/v2"
)

// bashCompletion is urfave/cli v2's autocomplete/bash_autocomplete for the
// program bapi (working without the bash-completion package too): it asks
// bapi for the candidates with the hidden --generate-bash-completion flag
// (commands, or flags when the word starts with -), and completes file names
// when bapi has none (the paths of validate, plan and apply). A completed
// command or file gets a space after it; a directory gets a slash instead.
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
    if [[ -n "$opts" ]]; then
      COMPREPLY=($(compgen -W "${opts}" -- "${cur}"))
    fi
    if [[ ${#COMPREPLY[@]} -eq 0 ]]; then
      compopt -o filenames 2>/dev/null
      local f
      while IFS= read -r f; do COMPREPLY+=("$f"); done < <(compgen -f -- "${cur}")
    fi
    return 0
  fi
}

complete -o bashdefault -o default -F _bapi_bash_autocomplete bapi
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

// flagValues lists the values shell completion offers after a flag of a
// command (by the flag's first name), from the registries that define
// them; nil for a flag whose value is free.
func flagValues(command, flag string) []string {
	switch command + " --" + flag {
	case "validate --format":
		return output.FindingsFormatNames()
	case "plan --format":
		return output.PlanFormatNames()
	case "apply --report-format":
		return output.ReportFormatNames()
	}
	return nil
}

// completeFlagValues is a command's shell completion: after a flag with
// known values (--format), those values; otherwise urfave/cli's default,
// the command's flags when the word starts with "-" and nothing where a
// path goes.
func completeFlagValues(e *env, cmd *cli.Command) cli.BashCompleteFunc {
	return func(c *cli.Context) {
		// e.args ends with --generate-bash-completion; the word before it
		// is the last one typed in full.
		if n := len(e.args); n >= 3 && strings.HasPrefix(e.args[n-2], "-") {
			// Only a flag written in full, as its help writes it (-f,
			// --format): "--f" is a flag name being typed.
			word := e.args[n-2]
			name := strings.TrimLeft(word, "-")
			if (len(name) == 1) != (word == "-"+name) {
				name = ""
			}
			for _, f := range cmd.Flags {
				if name != "" && slices.Contains(f.Names(), name) {
					if vals := flagValues(cmd.Name, f.Names()[0]); vals != nil {
						fmt.Fprintln(c.App.Writer, strings.Join(vals, "\n"))
						return
					}
				}
			}
		}
		cli.DefaultCompleteWithFlags(cmd)(c)
	}
}

// completionShells are the shells bapi completion writes a script for, one
// a line.
const completionShells = "bash\nzsh\nfish"

func completionCommand(e *env) *cli.Command {
	return &cli.Command{
		BashComplete: func(c *cli.Context) {
			if c.NArg() == 0 {
				fmt.Fprintln(c.App.Writer, completionShells)
			}
		},
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
				// urfave/cli keeps the placeholder backquotes of usages, and
				// writes the root's flags and the help command twice.
				script = uniqueLines(strings.ReplaceAll(s, "`", ""))
			default:
				return usageError("unknown shell %q; use one of bash, zsh, fish", sh)
			}
			_, err := fmt.Fprint(e.stdout, script)
			return err
		},
	}
}

// uniqueLines drops every non-blank line of s that repeats an earlier one,
// and repeated words of fish's "contains --" command-name list.
func uniqueLines(s string) string {
	seen := map[string]bool{}
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		key := strings.TrimRight(line, "\n")
		if strings.TrimSpace(key) != "" {
			if seen[key] {
				continue
			}
			seen[key] = true
		}
		if i := strings.Index(line, "contains -- "); i >= 0 {
			line = line[:i] + "contains -- " + strings.Join(uniqueWords(strings.Fields(line[i+len("contains -- "):])), " ") + "\n"
		}
		b.WriteString(line)
	}
	return b.String()
}

// uniqueWords returns words without repeats, in first-seen order.
func uniqueWords(words []string) []string {
	seen := map[string]bool{}
	out := words[:0:0]
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
