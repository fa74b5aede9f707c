package apply

import (
	"context"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// checkLocks refuses a plan that creates or updates an API in an
// environment locked for the move to Gen 2 (plan.MigrationLocks), with a
// *plan.LockedError naming the unlock command. A client without GetApp,
// or a GetApp that fails (no amplify:GetApp permission), checks nothing:
// bapi plan has said so.
func checkLocks(ctx context.Context, api amplifybackend.API, p *plan.Plan) error {
	apps, ok := api.(amplifybackend.AppsAPI)
	if !ok {
		return nil
	}
	locks, err := plan.MigrationLocks(ctx, apps, p)
	if err != nil || len(locks) == 0 {
		return nil
	}
	return &plan.LockedError{Locks: locks}
}
