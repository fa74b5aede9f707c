// Command bapi keeps AWS Amplify backend GraphQL APIs as YAML specs: it
// validates them, plans changes against the AmplifyBackend service, and
// applies the plan as CreateBackendAPI/UpdateBackendAPI jobs.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/bapi-dev/bapi/pkg/validate"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// See validate.GCPercent: set here, by the process's owner.
		debug.SetGCPercent(validate.GCPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
