package gen2

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/internal/atomicfile"
	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/model"
)

// Branch maps a Gen 1 environment to the Gen 2 branch that takes over its
// tables.
type Branch struct {
	Env, Branch string
}

// ExportOptions configure Export.
type ExportOptions struct {
	// Branches are the --branch ENV=BRANCH pairs, in order.
	Branches []Branch
	// APIIDs are the AppSync API IDs of the environments (--api-id
	// ENV=ID): a table is named <base>-<apiId>-<env>.
	APIIDs map[string]string
	// Out is the directory the exports go into; each app's Gen 2 project
	// files go in Out/<AppId>/amplify/.
	Out string
	// Meta is what the service's amplifyMetaConfig says of each
	// environment, keyed APPID/ENV (export --live; MetaFromService): the
	// API ID of an environment without --api-id, and referenceAuth's
	// values, from the environment of the app's first --branch.
	Meta map[string]Meta
}

// File is one file an export writes.
type File struct {
	Path string
	Data []byte
}

// Kept is a Gen 1 table that Gen 2 imports on a branch.
type Kept struct {
	Branch, Type, Table string
}

// AppExport is the export of one app's API.
type AppExport struct {
	AppID, ResourceName string
	Files               []File
	// Keeps lists the tables Gen 2 imports, by branch and type.
	Keeps []Kept
	// New lists what Gen 2 creates new, in words.
	New []string
}

// ParseBranches parses --branch ENV=BRANCH values: both names non-empty,
// each environment and each branch at most once (Gen 2 refuses two
// mappings for one branch).
func ParseBranches(values []string) ([]Branch, error) {
	var out []Branch
	for _, v := range values {
		env, branch, ok := strings.Cut(v, "=")
		env, branch = strings.TrimSpace(env), strings.TrimSpace(branch)
		if !ok || env == "" || branch == "" {
			return nil, fmt.Errorf("--branch %q: want ENV=BRANCH, the Gen 1 environment and the Gen 2 branch that takes over its tables (e.g. --branch prod=main)", v)
		}
		for _, b := range out {
			if b.Env == env {
				return nil, fmt.Errorf("--branch %q: environment %s is already mapped to branch %s; give each environment once", v, env, b.Branch)
			}
			if b.Branch == branch {
				return nil, fmt.Errorf("--branch %q: branch %s is already mapped to environment %s; Gen 2 takes one mapping per branch (\"Branch names must be unique in the migratedAmplifyGen1DynamoDbTableMappings\")", v, branch, b.Env)
			}
		}
		out = append(out, Branch{Env: env, Branch: branch})
	}
	if len(out) == 0 {
		return nil, errors.New("no --branch given; map at least one Gen 1 environment to the Gen 2 branch that takes over its tables (--branch ENV=BRANCH)")
	}
	return out, nil
}

// APIID returns the API ID ids gives environment env of app: the one
// given for APPID/ENV, else for ENV.
func APIID(ids map[string]string, app, env string) string {
	if id := ids[app+"/"+env]; id != "" {
		return id
	}
	return ids[env]
}

// ParseAPIIDs parses --api-id ENV=ID and APPID/ENV=ID values.
func ParseAPIIDs(values []string) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range values {
		env, id, ok := strings.Cut(v, "=")
		env, id = strings.TrimSpace(env), strings.TrimSpace(id)
		if !ok || env == "" || id == "" {
			return nil, fmt.Errorf("--api-id %q: want ENV=ID or APPID/ENV=ID, the environment and its AppSync API ID (e.g. --api-id prod=a1b2c3d4e5f6g7h8i9j0k1l2m3)", v)
		}
		if old, dup := out[env]; dup && old != id {
			return nil, fmt.Errorf("--api-id %q: environment %s already has API ID %s", v, env, old)
		}
		out[env] = id
	}
	return out, nil
}

// Export computes the Gen 2 files of every app the APIs belong to. It
// writes nothing (Write does).
func Export(ctx context.Context, apis []*API, opts ExportOptions) ([]AppExport, error) {
	byApp := map[string][]*API{}
	for _, a := range apis {
		byApp[a.AppID] = append(byApp[a.AppID], a)
	}
	var out []AppExport
	var errs []error
	used := map[string]bool{}
	for _, app := range amplifyschema.SortedKeys(byApp) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		as := byApp[app]
		if len(as) > 1 {
			names := make([]string, 0, len(as))
			for _, a := range as {
				names = append(names, a.ResourceName)
			}
			errs = append(errs, fmt.Errorf("app %s has %d GraphQL APIs (%s): a Gen 2 backend has one data resource; export one at a time, giving only its spec files", app, len(as), strings.Join(names, ", ")))
			continue
		}
		x, err := exportAPI(as[0], opts, used)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, x)
	}
	for _, b := range opts.Branches {
		if !used[b.Env] {
			errs = append(errs, fmt.Errorf("--branch %s=%s: no spec has environment %s", b.Env, b.Branch, b.Env))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// liveNote says, in the missing API ID error, that --live did not find it
// either, or that it can.
func liveNote(live bool) string {
	if live {
		return ", and the service's amplifyMetaConfig has none for it (--live)"
	}
	return " (or --live, to read it from the service)"
}

// mapping is one branch's table mapping.
type mapping struct {
	branch string
	tables map[string]string // type -> table
}

func exportAPI(a *API, opts ExportOptions, used map[string]bool) (AppExport, error) {
	x := AppExport{AppID: a.AppID, ResourceName: a.ResourceName}
	var envs []*Env
	var maps []mapping
	var skipped []string
	for _, b := range opts.Branches {
		e := a.Env(b.Env)
		if e == nil {
			continue
		}
		used[b.Env] = true
		id := APIID(opts.APIIDs, a.AppID, b.Env)
		if id == "" {
			id = opts.Meta[a.AppID+"/"+b.Env].APIID
		}
		if id == "" {
			return x, fmt.Errorf("%s/%s/%s: no --api-id %s=ID%s: the tables are named <model>-<apiId>-%s, so bapi needs the environment's AppSync API ID (the api's GraphQLAPIIdOutput in amplify-meta.json, or aws appsync list-graphql-apis)", a.AppID, b.Env, a.ResourceName, b.Env, liveNote(opts.Meta != nil), b.Env)
		}
		envs = append(envs, e)
		m := mapping{branch: b.Branch, tables: map[string]string{}}
		for _, md := range e.Schema.SortedModels() {
			name := TableName(md, id, e.Name())
			if diffs := importDiffs(Compare(Gen1Table(md, name), Gen2Table(md, name))); len(diffs) > 0 {
				skipped = append(skipped, fmt.Sprintf("table %s of %s on branch %s: not mapped, since Gen 2 cannot import it (bapi gen2 check, %s); Gen 2 creates a new, empty table for it", name, md.Type, b.Branch, RuleTableImport))
				continue
			}
			m.tables[md.Type] = name
			x.Keeps = append(x.Keeps, Kept{Branch: b.Branch, Type: md.Type, Table: name})
		}
		maps = append(maps, m)
	}
	if len(envs) == 0 {
		names := make([]string, 0, len(a.Envs))
		for _, e := range a.Envs {
			names = append(names, e.Name())
		}
		return x, fmt.Errorf("%s/%s: no --branch maps one of its environments (%s); add --branch ENV=BRANCH", a.AppID, a.ResourceName, strings.Join(names, ", "))
	}
	first := envs[0]
	for _, e := range envs[1:] {
		if e.Config().TransformSchema != first.Config().TransformSchema {
			return x, fmt.Errorf("%s/%s: environments %s and %s have different schemas, and a Gen 2 backend has one schema for all its branches; make them equal (bapi plan, apply) or export one environment at a time", a.AppID, a.ResourceName, first.Name(), e.Name())
		}
		if authKey(e.Config()) != authKey(first.Config()) {
			return x, fmt.Errorf("%s/%s: environments %s and %s have different auth modes, and a Gen 2 backend has one set for all its branches; make them equal or export one environment at a time", a.AppID, a.ResourceName, first.Name(), e.Name())
		}
	}
	if v1 := first.Schema.V1; len(v1) > 0 {
		return x, fmt.Errorf("%s/%s: the schema uses transformer v1 directives (%s), which Gen 2 does not read; migrate it to v2 in Gen 1 first (bapi gen2 check, %s)", a.AppID, a.ResourceName, strings.Join(v1, ", "), RuleTransformerV1)
	}
	cfg := first.Config()
	dir := filepath.Join(opts.Out, a.AppID, "amplify")
	data, notes := dataResource(a, first, envs, maps)
	x.Files = append(x.Files, File{Path: filepath.Join(dir, "data", "resource.ts"), Data: data})
	withAuth := usesAuth(cfg)
	if withAuth {
		x.Files = append(x.Files, File{Path: filepath.Join(dir, "auth", "resource.ts"), Data: authResource(a, cfg, first.Name(), opts.Meta[a.AppID+"/"+first.Name()])})
	}
	x.Files = append(x.Files, File{Path: filepath.Join(dir, "backend.ts"), Data: backendFile(withAuth)})
	x.New = append(x.New, "a new AppSync API: a new API ID and endpoint for the clients (amplify_outputs.json)")
	for _, t := range authTypesOf(cfg) {
		if t.Mode == model.ModeAPIKey {
			x.New = append(x.New, "a new API key: the Gen 1 key stops working for the Gen 2 API")
			break
		}
	}
	x.New = append(x.New, skipped...)
	x.New = append(x.New, notes...)
	return x, nil
}

// usesAuth reports whether the API uses a Cognito user pool or IAM, so
// that the Gen 2 backend needs the Gen 1 auth (referenceAuth).
func usesAuth(cfg *model.BackendAPIResourceConfig) bool {
	for _, t := range authTypesOf(cfg) {
		if t.Mode == model.ModeAmazonCognitoUserPools || t.Mode == model.ModeAWSIAM {
			return true
		}
	}
	return false
}

func authTypesOf(cfg *model.BackendAPIResourceConfig) []model.BackendAPIAuthType {
	t, _ := authTypes(cfg)
	return t
}

// authKey is the auth modes of a config as one comparable string.
func authKey(cfg *model.BackendAPIResourceConfig) string {
	var b strings.Builder
	for _, t := range authTypesOf(cfg) {
		fmt.Fprintf(&b, "%s|", t.Mode)
		if s := t.Settings; s != nil {
			exp := ""
			if s.ExpirationTime != nil {
				exp = strconv.FormatFloat(*s.ExpirationTime, 'g', -1, 64)
			}
			fmt.Fprintf(&b, "%s|%s|%s|%s|%s|%s|%s|%s;", s.CognitoUserPoolId, s.Description, exp, s.OpenIDAuthTTL, s.OpenIDClientId, s.OpenIDIatTTL, s.OpenIDIssueURL, s.OpenIDProviderName)
		}
	}
	return b.String()
}

// Write writes the exports' files atomically. It writes none when one of
// them exists, and never replaces a file (one created meanwhile included);
// the error names the files in the way.
func Write(exports []AppExport) ([]string, error) {
	var exist []string
	for _, x := range exports {
		for _, f := range x.Files {
			if _, err := os.Lstat(f.Path); err == nil {
				exist = append(exist, f.Path)
			}
		}
	}
	if len(exist) > 0 {
		return nil, fmt.Errorf("not overwriting %s: move it away or give another --out", strings.Join(exist, ", "))
	}
	var written []string
	for _, x := range exports {
		for _, f := range x.Files {
			if err := os.MkdirAll(filepath.Dir(f.Path), 0o755); err != nil {
				return written, fmt.Errorf("create directory for %s: %w", f.Path, err)
			}
			if err := atomicfile.Create(f.Path, f.Data, 0o644); err != nil {
				if errors.Is(err, fs.ErrExist) {
					return written, fmt.Errorf("not overwriting %s, created meanwhile: move it away or give another --out", f.Path)
				}
				return written, fmt.Errorf("write %s: %w", f.Path, err)
			}
			written = append(written, f.Path)
		}
	}
	return written, nil
}
