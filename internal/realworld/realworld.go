// Package realworld is test support: it imports the real public Amplify Gen 1
// projects of ../shared/realworld the way a user would, for the tests of
// pkg/importer and pkg/gen2. The projects are read, never copied into the
// repository.
package realworld

import (
	"context"
	"strings"

	"github.com/bapi-dev/bapi/pkg/importer"
)

// The values given on the command line when a project's message asks for
// them, as a user would give their own: an app ID, an environment, a user
// pool ID.
const (
	AppID    = "d1realworld0test"
	Env      = "dev"
	UserPool = "us-east-1_RealWorld1"
)

// Projects is the folder of the projects, relative to a package directory
// two levels below the repository root (pkg/importer, pkg/gen2).
const Projects = "../../../shared/realworld/projects"

// Import imports the project in dir as a user would: plainly first, then
// adding each value the message names (--app-id and --env, --user-pool-id).
// It returns the flags it had to give.
func Import(ctx context.Context, dir string) (*importer.Project, []string, error) {
	var opts importer.ProjectOptions
	var flags []string
	for {
		proj, err := importer.FromProject(ctx, dir, opts)
		if err != nil {
			msg := err.Error()
			switch {
			case strings.Contains(msg, "--app-id") && opts.AppID == "":
				opts.AppID = AppID
				flags = append(flags, "--app-id")
				if strings.Contains(msg, "--env ENV") {
					opts.Envs = []string{Env}
					flags = append(flags, "--env")
				}
				continue
			case strings.Contains(msg, "--user-pool-id") && opts.UserPoolIDs == nil:
				opts.UserPoolIDs = map[string]string{"": UserPool}
				flags = append(flags, "--user-pool-id")
				continue
			}
			return nil, flags, err
		}
		// A skipped environment is imported too when the user gives the
		// pool, as the note says.
		for _, n := range proj.Notes {
			if strings.Contains(n.Message, "--user-pool-id") && opts.UserPoolIDs == nil {
				opts.UserPoolIDs = map[string]string{"": UserPool}
				again, err := importer.FromProject(ctx, dir, opts)
				if err != nil {
					return proj, flags, nil
				}
				return again, append(flags, "--user-pool-id"), nil
			}
		}
		return proj, flags, nil
	}
}
