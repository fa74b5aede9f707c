package main

import (
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFlagsFirst(t *testing.T) {
	t.Parallel()
	app := newApp(&env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }})
	for _, tc := range []struct {
		name string
		args string
		want string
	}{
		{name: "flags already first", args: "plan --out p.json tour/", want: "plan --out p.json tour/"},
		{name: "value flag after a path", args: "plan tour/ --out p.json", want: "plan --out p.json tour/"},
		{name: "value flag with =", args: "plan tour/ --out=p.json a.yaml", want: "plan --out=p.json tour/ a.yaml"},
		{name: "bool flag takes no value", args: "plan tour/ --detailed-exitcode a.yaml", want: "plan --detailed-exitcode tour/ a.yaml"},
		{name: "short alias with a value", args: "validate a.yaml -f json b.yaml", want: "validate -f json a.yaml b.yaml"},
		{name: "a value that looks like a flag", args: "validate a.yaml --max-warnings -1", want: "validate --max-warnings -1 a.yaml"},
		{name: "a value that looks like a path stays a value", args: "apply tour/ --report-file tour/r.json", want: "apply --report-file tour/r.json tour/"},
		{name: "standard input is an argument", args: "validate - --format json", want: "validate --format json -"},
		{name: "-- ends the flags", args: "validate a.yaml -- --odd.yaml -f", want: "validate -- a.yaml --odd.yaml -f"},
		{name: "flags before --", args: "validate a.yaml -f json -- -x.yaml", want: "validate -f json -- a.yaml -x.yaml"},
		{name: "an unknown flag is moved, to be rejected", args: "plan tour/ --bogus", want: "plan --bogus tour/"},
		{name: "a value flag with no value is left last", args: "plan tour/ --out", want: "plan --out"},
		{name: "help after a path", args: "plan tour/ --help", want: "plan --help tour/"},
		{name: "emulator flags", args: "emulator --addr 127.0.0.1:0 --seed 3", want: "emulator --addr 127.0.0.1:0 --seed 3"},
		{name: "no command", args: "--help", want: "--help"},
		{name: "unknown command", args: "frob a --x", want: "frob a --x"},
		{name: "shell completion is left alone", args: "plan tour/ --f --generate-bash-completion", want: "plan tour/ --f --generate-bash-completion"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := flagsFirst(app, append([]string{"bapi"}, strings.Fields(tc.args)...))
			if diff := cmp.Diff(append([]string{"bapi"}, strings.Fields(tc.want)...), got); diff != "" {
				t.Errorf("flagsFirst(%q) (-want +got):\n%s", tc.args, diff)
			}
		})
	}
}
