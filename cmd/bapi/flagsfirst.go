package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// flagsFirst moves a command's flags in args (the whole command line, program
// name first) in front of its other arguments, so that `bapi plan tour/ --out
// p.json` means `bapi plan --out p.json tour/`: urfave/cli stops reading
// flags at the first other argument. A flag that takes a value keeps the
// token after it (unless written --flag=value); a bool flag takes none. "--"
// ends the flags: what follows it stays an argument, and "--" is kept in
// front of the arguments so that none of them is read as a flag. "-" (standard
// input) is an argument. A flag the command does not know is moved too, so
// that urfave/cli rejects it by name; a value flag with nothing after it is
// left last, so that urfave/cli says it needs an argument.
//
// A subcommand's flags (bapi gen2 check) move behind the subcommand.
// Command lines with no known command, or asking for shell completion, are
// returned as they are.
func flagsFirst(app *cli.App, args []string) []string {
	if len(args) < 3 || args[len(args)-1] == "--generate-bash-completion" {
		return args
	}
	cmd := app.Command(args[1])
	if cmd == nil {
		return args
	}
	// A command with subcommands (bapi gen2 check): the subcommand's flags.
	start := 2
	if sub := cmd.Command(args[2]); sub != nil && len(cmd.Subcommands) > 0 {
		cmd, start = sub, 3
	}
	takesValue := map[string]bool{}
	for _, f := range append([]cli.Flag{cli.HelpFlag}, cmd.Flags...) {
		tv, ok := f.(interface{ TakesValue() bool })
		for _, n := range f.Names() {
			takesValue[n] = ok && tv.TakesValue()
		}
	}
	var flags, rest []string
	dashdash := false
	for i := start; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			dashdash = true
			rest = append(rest, args[i+1:]...)
			break
		}
		if a == "-" || !strings.HasPrefix(a, "-") {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") || !takesValue[name] {
			continue
		}
		if i+1 == len(args) {
			// A value flag at the very end: leave nothing after it.
			return append(args[:start:start], flags...)
		}
		i++
		flags = append(flags, args[i])
	}
	out := append(args[:start:start], flags...)
	if dashdash {
		out = append(out, "--")
	}
	return append(out, rest...)
}
