package apply_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// TestApplyRefusesMigrationLock: an environment that amplify
// gen2-migration lock has locked (the emulator answers GetApp with
// GEN2_MIGRATION_ENVIRONMENT_NAME) is not changed, and the refusal names
// the unlock command; another app's environment is.
func TestApplyRefusesMigrationLock(t *testing.T) {
	srv, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 10 * time.Millisecond,
		MigrationLocks: map[string]string{"app00": "env"}})
	ctx := context.Background()
	p := makePlan(t, api, desired(2, 2, "v1"))
	locks, err := plan.MigrationLocks(ctx, api, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(locks) != 1 || locks[0].Pair() != "app00/env" {
		t.Fatalf("locks %+v, want app00/env", locks)
	}
	_, err = apply.Apply(ctx, api, p, fastOpts(), nil)
	var le *plan.LockedError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), plan.UnlockCommand) || !strings.Contains(err.Error(), "app00/env") {
		t.Fatalf("Apply on a locked environment: %v; want a *plan.LockedError naming app00/env and %s", err, plan.UnlockCommand)
	}
	if m := srv.Metrics(); m.Requests[emulator.OpCreateBackendAPI] != nil {
		t.Errorf("CreateBackendAPI was called despite the lock: %v", m.Requests[emulator.OpCreateBackendAPI])
	}
	// Only the unlocked app: applied.
	p = makePlan(t, api, desired(2, 2, "v1")[1:])
	rep, err := apply.Apply(ctx, api, p, fastOpts(), nil)
	if err != nil || !rep.OK() {
		t.Fatalf("Apply on an unlocked environment: %v %+v", err, rep)
	}
}
