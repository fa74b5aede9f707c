package plan

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
)

// UnlockCommand undoes `amplify gen2-migration lock`.
const UnlockCommand = "amplify gen2-migration lock --rollback"

// Lock is an environment that `amplify gen2-migration lock` has locked for
// the move to Amplify Gen 2: the app's environment variable
// GEN2_MIGRATION_ENVIRONMENT_NAME names it, and its root stack has a
// deny-update stack policy, so that a Gen 1 deployment there fails (or
// changes tables Gen 2 is about to import).
type Lock struct {
	AppId                  string `json:"app_id"`
	BackendEnvironmentName string `json:"backend_environment_name"`
}

// Pair is the lock's app/environment pair.
func (l Lock) Pair() string { return l.AppId + "/" + l.BackendEnvironmentName }

// LockedError is apply's refusal of changes to locked environments.
type LockedError struct {
	Locks []Lock
}

func (e *LockedError) Error() string {
	pairs := make([]string, 0, len(e.Locks))
	for _, l := range e.Locks {
		pairs = append(pairs, l.Pair())
	}
	return fmt.Sprintf("refusing to change %s: locked for the move to Amplify Gen 2 (amplify gen2-migration lock; the app's %s); Gen 1 must not change it now. Finish the move, or unlock it with %s in the Gen 1 project first",
		joinWords(pairs), amplifybackend.MigrationEnvVar, UnlockCommand)
}

func joinWords(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// MigrationLocks reads, with the Amplify service's GetApp, each app that
// p creates or updates an API in, and returns the environments among
// them that are locked for migration. An app GetApp does not find has no
// lock. The error is GetApp's (no amplify:GetApp permission, an endpoint
// that does not serve it): the caller says that the lock was not checked.
func MigrationLocks(ctx context.Context, api amplifybackend.AppsAPI, p *Plan) ([]Lock, error) {
	envs := map[string][]string{}
	var apps []string
	for _, ch := range p.Changes {
		if ch.Action != ActionCreate && ch.Action != ActionUpdate {
			continue
		}
		a := ch.Address
		if _, ok := envs[a.AppId]; !ok {
			apps = append(apps, a.AppId)
		}
		if !slices.Contains(envs[a.AppId], a.BackendEnvironmentName) {
			envs[a.AppId] = append(envs[a.AppId], a.BackendEnvironmentName)
		}
	}
	var locks []Lock
	for _, app := range apps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		resp, err := api.GetApp(ctx, &amplifybackend.GetAppRequest{AppId: app})
		if amplifybackend.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read app %s to check for a Gen 2 migration lock: %w", app, err)
		}
		if resp == nil || resp.App == nil {
			continue
		}
		if env := resp.App.EnvironmentVariables[amplifybackend.MigrationEnvVar]; env != "" && slices.Contains(envs[app], env) {
			locks = append(locks, Lock{AppId: app, BackendEnvironmentName: env})
		}
	}
	return locks, nil
}
