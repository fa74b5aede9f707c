package emulator

import (
	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	bolt "go.etcd.io/bbolt"
)

// getApp answers the Amplify service's GetApp for an app the emulator
// has: its ID, ARN and name, and, when Options.MigrationLocks locks one of
// its environments, the environment variable `amplify gen2-migration
// lock` sets (GEN2_MIGRATION_ENVIRONMENT_NAME). The real answer holds
// more members (platform, domain, build settings); bapi reads these.
func (s *Server) getApp(rt route) (any, *apiError) {
	var out *ab.GetAppResponse
	e := s.read(func(tx *bolt.Tx) *apiError {
		if !appExists(tx, rt.app) {
			return notFound("App", "App %s not found.", rt.app)
		}
		app := &ab.App{AppId: rt.app, AppArn: "arn:aws:amplify:" + s.opts.Region + ":123456789012:apps/" + rt.app, Name: appName(tx, rt.app)}
		if env := s.opts.MigrationLocks[rt.app]; env != "" {
			app.EnvironmentVariables = map[string]string{ab.MigrationEnvVar: env}
		}
		out = &ab.GetAppResponse{App: app}
		return nil
	})
	if e != nil {
		return nil, e
	}
	return out, nil
}
