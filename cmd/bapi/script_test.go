package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output sections of testdata/script/*.txtar")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"bapi": func() { os.Exit(run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the CLI scripts in testdata/script. Each script names its
// command and topic (validate_bad.txtar) and checks exit status, stdout and
// stderr. Run with -update to rewrite the expected sections.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *update,
		Cmds:                extraScriptCmds(),
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "root": // permission checks do not apply to root
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("HOME", env.WorkDir)
			env.Setenv("XDG_CONFIG_HOME", env.WorkDir+"/.config")
			// Colour and AWS settings come from the scripts, never from
			// the machine running the tests. Settings that must be absent
			// are unset, not set empty: the AWS CLI reads AWS_PROFILE=""
			// as a profile named "".
			for _, name := range []string{"NO_COLOR", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_AMPLIFYBACKEND", "AWS_SESSION_TOKEN"} {
				unsetenv(env, name)
			}
			env.Setenv("AWS_ACCESS_KEY_ID", "AKIDTESTSCRIPT")
			env.Setenv("AWS_SECRET_ACCESS_KEY", "testscript-secret")
			env.Setenv("AWS_REGION", "us-east-1")
			env.Setenv("AWS_DEFAULT_REGION", "us-east-1")
			env.Setenv("AWS_CONFIG_FILE", env.WorkDir+"/.aws/config")
			env.Setenv("AWS_SHARED_CREDENTIALS_FILE", env.WorkDir+"/.aws/credentials")
			env.Setenv("AWS_EC2_METADATA_DISABLED", "true")
			// AWS CLI v2 pipes output through a pager unless this is empty.
			env.Setenv("AWS_PAGER", "")
			return nil
		},
	})
}

// unsetenv removes name from the script's environment, whatever testscript
// or an earlier Setup step put there.
func unsetenv(env *testscript.Env, name string) {
	prefix := name + "="
	env.Vars = slices.DeleteFunc(env.Vars, func(kv string) bool { return strings.HasPrefix(kv, prefix) })
}
