package main

import "github.com/rogpeppe/go-internal/testscript"

// extraScriptCmds are custom testscript commands beyond the defaults; the
// emulator command lives here.
func extraScriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){}
}
