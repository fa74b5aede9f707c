package emulator

import (
	"fmt"
	"strings"
	"time"
)

// The text forms of the start options, as `bapi emulator` flags take them.

// ParseApp parses APPID=ENV[,ENV...] (--app).
func ParseApp(s string) (app string, envs []string, err error) {
	app, list, ok := strings.Cut(s, "=")
	if !ok || app == "" || list == "" {
		return "", nil, fmt.Errorf("app %q: write APPID=ENV[,ENV...], e.g. d2x4example7q1=staging,prod", s)
	}
	for _, env := range strings.Split(list, ",") {
		if env = strings.TrimSpace(env); env == "" {
			return "", nil, fmt.Errorf("app %q: an environment name is empty: write APPID=ENV[,ENV...]", s)
		}
		envs = append(envs, env)
	}
	return app, envs, nil
}

// parsePair parses APPID/ENV.
func parsePair(what, s, want string) (app, env string, err error) {
	app, env, ok := strings.Cut(s, "/")
	if !ok || app == "" || env == "" || strings.Contains(env, "/") {
		return "", "", fmt.Errorf("%s: write %s", what, want)
	}
	return app, env, nil
}

// ParseSeedJob parses APPID/ENV=OPERATION:DURATION (--seed-job).
func ParseSeedJob(s string) (SeedJob, error) {
	const want = "APPID/ENV=OPERATION:DURATION, e.g. d2x4example7q1/staging=GenerateBackendAPIModels:2h"
	pair, job, ok := strings.Cut(s, "=")
	if !ok {
		return SeedJob{}, fmt.Errorf("seed job %q: write %s", s, want)
	}
	app, env, err := parsePair(fmt.Sprintf("seed job %q", s), pair, want)
	if err != nil {
		return SeedJob{}, err
	}
	op, ds, ok := strings.Cut(job, ":")
	if !ok || op == "" {
		return SeedJob{}, fmt.Errorf("seed job %q: write %s", s, want)
	}
	d, err := time.ParseDuration(ds)
	if err != nil || d < 0 {
		return SeedJob{}, fmt.Errorf("seed job %q: duration %q is not a duration of 0 or more (such as 90s or 2h)", s, ds)
	}
	return SeedJob{AppID: app, BackendEnvironmentName: env, Operation: op, Duration: d}, nil
}

// ParseCategories parses APPID/ENV=CATEGORY[,CATEGORY...]
// (--restrict-categories).
func ParseCategories(s string) (Categories, error) {
	const want = "APPID/ENV=CATEGORY[,CATEGORY...], e.g. d2x4example7q1/staging=function,geo"
	pair, list, ok := strings.Cut(s, "=")
	if !ok || list == "" {
		return Categories{}, fmt.Errorf("categories %q: write %s", s, want)
	}
	app, env, err := parsePair(fmt.Sprintf("categories %q", s), pair, want)
	if err != nil {
		return Categories{}, err
	}
	c := Categories{AppID: app, BackendEnvironmentName: env}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" || strings.ToLower(name) != name {
			return Categories{}, fmt.Errorf("categories %q: category %q is not a lower-case category name such as function, geo, analytics or notifications", s, name)
		}
		c.Names = append(c.Names, name)
	}
	return c, nil
}

// ParseMigrationLock parses APPID=ENV (--lock-for-migration).
func ParseMigrationLock(s string) (app, env string, err error) {
	app, env, ok := strings.Cut(s, "=")
	app, env = strings.TrimSpace(app), strings.TrimSpace(env)
	if !ok || app == "" || env == "" || strings.Contains(env, ",") {
		return "", "", fmt.Errorf("lock %q: write APPID=ENV (one environment per app, as amplify gen2-migration lock allows), e.g. d2x4example7q1=staging", s)
	}
	return app, env, nil
}

// ParseEnvironment parses APPID/ENV (--transformer-v1).
func ParseEnvironment(s string) (app, env string, err error) {
	app, env, ok := strings.Cut(s, "/")
	app, env = strings.TrimSpace(app), strings.TrimSpace(env)
	if !ok || app == "" || env == "" || strings.ContainsAny(env, "/,=") {
		return "", "", fmt.Errorf("environment %q: write APPID/ENV, e.g. d2x4example7q1/staging", s)
	}
	return app, env, nil
}
