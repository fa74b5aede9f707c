package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
)

// Backend is what GetBackend says about one app/environment pair.
type Backend struct {
	AppId                  string
	BackendEnvironmentName string
	AppName                string
	// Categories are the top-level keys of the backend's amplifyMetaConfig
	// (api, auth, storage, function, ...), sorted.
	Categories []string
	// APIs are the GraphQL (AppSync) APIs of the api category, sorted.
	APIs []string
	// TransformerVersion is the GraphQL transformer the environment's
	// feature flags name (amplifyFeatureFlags'
	// features.graphqltransformer.transformerversion); 0 when they name
	// none.
	TransformerVersion int
}

// Pair is the backend's AppId/BackendEnvironmentName.
func (b Backend) Pair() string { return b.AppId + "/" + b.BackendEnvironmentName }

// unsupportedCategory reports whether the service refuses deployments
// through AmplifyBackend of a backend holding category c: "Amplify Studio
// only supports API, Auth, and Storage deployments", so any other category
// (function, analytics, geo, notifications, custom, hosting, ...) is one.
// "providers" is amplify-meta.json's deployment providers, not a category.
func unsupportedCategory(c string) bool {
	switch c {
	case "api", "auth", "storage", "providers":
		return false
	}
	return true
}

// Unsupported lists the backend's categories that make the service refuse
// its deployments, sorted.
func (b Backend) Unsupported() []string {
	var out []string
	for _, c := range b.Categories {
		if unsupportedCategory(c) {
			out = append(out, c)
		}
	}
	return out
}

// codeUnknownOperation is the error code of an endpoint that does not
// serve an operation.
const codeUnknownOperation = "UnknownOperationException"

// Missing is an app, or an environment of an app, that a spec names and the
// service does not have.
type Missing struct {
	AppId                  string
	BackendEnvironmentName string
	// App is true when the app itself is missing; otherwise the app exists
	// without this environment, and Environments lists those it has.
	App          bool
	Environments []string
	AppName      string
	// Source is the first spec that names the pair.
	Source Source
	// Detail is the service's own message when it answered 200 with an
	// error instead of NotFoundException.
	Detail string
}

func (m Missing) String() string {
	name := m.AppName
	if name == "" {
		name = "NAME"
	}
	create := fmt.Sprintf("aws amplifybackend create-backend --app-id %s --app-name %s --backend-environment-name %s", m.AppId, name, m.BackendEnvironmentName)
	where := ""
	if m.Source.File != "" {
		where = fmt.Sprintf(" (named at %s:%d)", m.Source.File, m.Source.Line)
	}
	detail := ""
	if m.Detail != "" {
		detail = " (" + m.Detail + ")"
	}
	if m.App {
		return fmt.Sprintf("app %s does not exist%s%s: CreateBackendAPI does not create apps; create the app in the Amplify console (or aws amplify create-app) and its backend environment %s with %s, or correct AppId", m.AppId, where, detail, m.BackendEnvironmentName, create)
	}
	has := "none"
	if len(m.Environments) > 0 {
		has = strings.Join(m.Environments, ", ")
	}
	return fmt.Sprintf("app %s has no backend environment %s%s%s; it has: %s. CreateBackendAPI does not create environments; create it with %s or in the Amplify console, or correct BackendEnvironmentName", m.AppId, m.BackendEnvironmentName, where, detail, has, create)
}

// MissingError is a plan of specs whose apps or environments do not exist:
// every CreateBackendAPI on them would fail.
type MissingError struct {
	Items []Missing
}

func (e *MissingError) Error() string {
	if len(e.Items) == 1 {
		return e.Items[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d apps or environments the specs name do not exist:", len(e.Items))
	for _, m := range e.Items {
		b.WriteString("\n  ")
		b.WriteString(m.String())
	}
	return b.String()
}

// OtherAPIError is a spec naming another API than the one live in its
// environment, which holds one GraphQL API.
type OtherAPIError struct {
	Address Address
	Source  Source
	// Live is the ResourceName of the environment's API.
	Live string
}

func (e *OtherAPIError) Error() string {
	where := ""
	if e.Source.File != "" {
		where = fmt.Sprintf(" (%s:%d)", e.Source.File, e.Source.Line)
	}
	return fmt.Sprintf("%s%s: environment %s already has GraphQL API %s, and an environment holds one GraphQL API, so creating %s would fail: set ResourceName to %s to manage that API, or put this spec in another environment",
		e.Address, where, e.Address.Pair(), e.Live, e.Address.ResourceName, e.Live)
}

// ReadBackends asks the service, with GetBackend, about every
// app/environment pair the desired specs name, at most parallelism calls at
// a time (0 means DefaultParallelism), and returns them in the order of
// the pairs' first specs. A pair whose app or environment does not exist
// is collected into a *MissingError naming each and how to create it.
func ReadBackends(ctx context.Context, api amplifybackend.API, desired []Desired, parallelism int) ([]Backend, error) {
	var pairs []Desired
	seen := map[string]bool{}
	for _, d := range desired {
		if k := d.Address().Pair(); !seen[k] {
			seen[k] = true
			pairs = append(pairs, d)
		}
	}
	out := make([]Backend, len(pairs))
	missing := make([]*Missing, len(pairs))
	err := forEach(ctx, len(pairs), parallelism, func(ctx context.Context, i int) error {
		b, m, err := readBackend(ctx, api, pairs[i])
		out[i], missing[i] = b, m
		return err
	})
	if err != nil {
		return nil, err
	}
	var me MissingError
	for _, m := range missing {
		if m != nil {
			me.Items = append(me.Items, *m)
		}
	}
	if len(me.Items) > 0 {
		return nil, &me
	}
	return out, nil
}

// readBackend reads one pair: the backend, or what is missing.
func readBackend(ctx context.Context, api amplifybackend.API, d Desired) (Backend, *Missing, error) {
	a := d.Address()
	resp, err := api.GetBackend(ctx, &amplifybackend.GetBackendRequest{AppId: a.AppId, BackendEnvironmentName: a.BackendEnvironmentName})
	detail := ""
	switch {
	case amplifybackend.IsNotFound(err):
		// Told apart below; the service's message adds nothing.
	case amplifybackend.HasCode(err, codeUnknownOperation):
		// An endpoint that does not serve GetBackend (an older bapi
		// emulator): nothing is known of the pair, and GetBackendAPI
		// still tells a missing API.
		return Backend{AppId: a.AppId, BackendEnvironmentName: a.BackendEnvironmentName}, nil, nil
	case err != nil:
		return Backend{}, nil, fmt.Errorf("read the backend of %s: %w", a.Pair(), err)
	case resp == nil || resp.Error != "":
		if resp != nil {
			detail = resp.Error
		}
	default:
		b := Backend{AppId: a.AppId, BackendEnvironmentName: a.BackendEnvironmentName, AppName: resp.AppName}
		if err := b.parseMeta(resp.AmplifyMetaConfig); err != nil {
			return Backend{}, nil, fmt.Errorf("read the backend of %s: %w", a.Pair(), err)
		}
		v, err := transformerVersion(resp.AmplifyFeatureFlags)
		if err != nil {
			return Backend{}, nil, fmt.Errorf("read the backend of %s: %w", a.Pair(), err)
		}
		b.TransformerVersion = v
		return b, nil, nil
	}
	// The pair is missing: is it the app, or only the environment?
	m := &Missing{AppId: a.AppId, BackendEnvironmentName: a.BackendEnvironmentName, Source: d.Source, Detail: detail}
	app, err := api.GetBackend(ctx, &amplifybackend.GetBackendRequest{AppId: a.AppId})
	switch {
	case amplifybackend.IsNotFound(err) || (err == nil && (app == nil || (app.Error != "" && app.AppName == ""))):
		m.App = true
	case err != nil:
		return Backend{}, nil, fmt.Errorf("read app %s: %w", a.AppId, err)
	default:
		m.AppName = app.AppName
		m.Environments = append(m.Environments, app.BackendEnvironmentList...)
		slices.Sort(m.Environments)
		if slices.Contains(m.Environments, a.BackendEnvironmentName) {
			// Listed, yet not readable: say what the service said.
			m.Environments = slices.DeleteFunc(m.Environments, func(e string) bool { return e == a.BackendEnvironmentName })
		}
	}
	return Backend{}, m, nil
}

// parseMeta reads the categories and GraphQL APIs from amplify-meta.json.
func (b *Backend) parseMeta(meta string) error {
	if strings.TrimSpace(meta) == "" {
		return nil
	}
	var cats map[string]json.RawMessage
	if err := json.Unmarshal([]byte(meta), &cats); err != nil {
		return fmt.Errorf("amplifyMetaConfig is not a JSON object: %w", err)
	}
	for c := range cats {
		b.Categories = append(b.Categories, c)
	}
	slices.Sort(b.Categories)
	var apis map[string]struct {
		Service string `json:"service"`
	}
	if raw, ok := cats["api"]; ok && json.Unmarshal(raw, &apis) == nil {
		for name, r := range apis {
			if r.Service == "" || strings.EqualFold(r.Service, "AppSync") {
				b.APIs = append(b.APIs, name)
			}
		}
		slices.Sort(b.APIs)
	}
	return nil
}

// transformerVersion reads features.graphqltransformer.transformerversion
// from GetBackend's amplifyFeatureFlags (the project's cli.json, as the
// CLI writes it: a number, or a numeric string in older files); 0 when the
// flags are empty or do not name it.
func transformerVersion(flags string) (int, error) {
	if strings.TrimSpace(flags) == "" {
		return 0, nil
	}
	var f struct {
		Features struct {
			GraphQLTransformer map[string]json.RawMessage `json:"graphqltransformer"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(flags), &f); err != nil {
		return 0, fmt.Errorf("amplifyFeatureFlags is not a JSON object of feature flags: %w", err)
	}
	raw, ok := f.Features.GraphQLTransformer["transformerversion"]
	if !ok {
		return 0, nil
	}
	var n json.Number
	if err := json.Unmarshal(bytes.Trim(raw, `"`), &n); err != nil {
		return 0, fmt.Errorf("amplifyFeatureFlags: graphqltransformer.transformerversion is %s, not a number", raw)
	}
	v, err := n.Int64()
	if err != nil || (v != 1 && v != 2) {
		return 0, fmt.Errorf("amplifyFeatureFlags: graphqltransformer.transformerversion is %s, not 1 or 2", raw)
	}
	return int(v), nil
}

// TransformerMismatchError is a spec checked for one GraphQL transformer
// version on an environment whose feature flags name the other: the
// service would transform the schema with a transformer bapi did not
// check it against.
type TransformerMismatchError struct {
	Address Address
	Source  Source
	// Declared is the version the spec was checked for, Live the
	// environment's.
	Declared, Live int
}

func (e *TransformerMismatchError) Error() string {
	where := ""
	if e.Source.File != "" {
		where = fmt.Sprintf(" (%s:%d)", e.Source.File, e.Source.Line)
	}
	declared := fmt.Sprintf("transformer-version: %d in .bapi.yaml", e.Declared)
	if e.Declared == 2 {
		declared = "v2, the default (no transformer-version: 1 in .bapi.yaml)"
	}
	fix := "declare transformer-version: 1 in .bapi.yaml (beside the specs, or give it with --config) and validate again"
	if e.Live == 2 {
		fix = "remove transformer-version: 1 from .bapi.yaml (the environment was migrated to v2: amplify migrate api) and validate again"
	}
	return fmt.Sprintf("%s%s: environment %s runs GraphQL transformer v%d (its feature flags: graphqltransformer.transformerversion %d), but the spec was checked for transformer %s, so the service would transform a schema bapi did not check: %s",
		e.Address, where, e.Address.Pair(), e.Live, e.Live, declared, fix)
}

// Warning is something a plan's reader should know about its environment.
type Warning struct {
	Pair    string `json:"pair"`
	Message string `json:"message"`
}

// checkBackends returns, for the desired specs and their backends, a
// *TransformerMismatchError for every spec checked for another GraphQL
// transformer version than its environment's feature flags name and an
// *OtherAPIError for every spec naming another API than the one live in its
// environment (joined), and a warning for every environment whose
// categories make the service refuse deployments.
func checkBackends(desired []Desired, backends []Backend) ([]Warning, error) {
	byPair := map[string]*Backend{}
	for i := range backends {
		byPair[backends[i].Pair()] = &backends[i]
	}
	var errs []error
	for _, d := range desired {
		a := d.Address()
		b := byPair[a.Pair()]
		if b == nil {
			continue
		}
		if b.TransformerVersion != 0 && d.Transformer != 0 && b.TransformerVersion != d.Transformer {
			errs = append(errs, &TransformerMismatchError{Address: a, Source: d.Source, Declared: d.Transformer, Live: b.TransformerVersion})
		}
		if len(b.APIs) == 0 || slices.Contains(b.APIs, a.ResourceName) {
			continue
		}
		errs = append(errs, &OtherAPIError{Address: a, Source: d.Source, Live: b.APIs[0]})
	}
	var warns []Warning
	for _, b := range backends {
		if u := b.Unsupported(); len(u) > 0 {
			warns = append(warns, Warning{Pair: b.Pair(), Message: fmt.Sprintf(
				"the backend of %s contains %s, and the service refuses deployments of backends with categories other than api, auth and storage (Amplify Studio deploys only API, Auth and Storage): its CreateBackendAPI and UpdateBackendAPI jobs will FAIL; deploy this environment with the Amplify CLI (amplify push) instead",
				b.Pair(), strings.Join(u, ", "))})
		}
	}
	return warns, errors.Join(errs...)
}
