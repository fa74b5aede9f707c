package main

import (
	"context"
	"fmt"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// warnMigrationLocks says, on stderr, which environments the plan changes
// are locked for the move to Amplify Gen 2 (bapi apply refuses them), or
// that the lock could not be checked.
func warnMigrationLocks(ctx context.Context, e *env, api amplifybackend.API, p *plan.Plan) {
	apps, ok := api.(amplifybackend.AppsAPI)
	if !ok {
		return
	}
	locks, err := plan.MigrationLocks(ctx, apps, p)
	if err != nil {
		fmt.Fprintf(e.stderr, "Warning: could not check for a Gen 2 migration lock: %v\n", err)
		return
	}
	for _, l := range locks {
		fmt.Fprintf(e.stderr, "Warning: %s is locked for the move to Amplify Gen 2 (amplify gen2-migration lock): bapi apply will refuse to change it; unlock it with %s, or finish the move\n", l.Pair(), plan.UnlockCommand)
	}
}
