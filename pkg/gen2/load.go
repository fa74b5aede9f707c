package gen2

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/model"
	"github.com/bapi-dev/bapi/pkg/spec"
	"go.yaml.in/yaml/v3"
)

// Env is one environment of an API: one spec document.
type Env struct {
	Doc     *spec.Document
	Request *model.CreateBackendAPIRequest
	// Schema is the model of its TransformSchema.
	Schema *amplifyschema.Schema
	pos    positions
}

// Name is the environment's name.
func (e *Env) Name() string { return e.Request.BackendEnvironmentName }

// Config is the document's ResourceConfig (never nil).
func (e *Env) Config() *model.BackendAPIResourceConfig {
	if e.Request.ResourceConfig == nil {
		return &model.BackendAPIResourceConfig{}
	}
	return e.Request.ResourceConfig
}

// API is one GraphQL API of an app, in every environment the specs give.
// A Gen 2 backend is one per app and branch, with one data resource.
type API struct {
	AppID, ResourceName string
	// Envs by environment name.
	Envs []*Env
}

// Env returns the environment named name, or nil.
func (a *API) Env(name string) *Env {
	for _, e := range a.Envs {
		if e.Name() == name {
			return e
		}
	}
	return nil
}

// APIs groups validated spec documents (plan.LoadSpecs's validate result)
// into APIs, by app and resource name, sorted, each with its environments
// sorted, and models every schema once.
func APIs(ctx context.Context, docs []*spec.Document) ([]*API, error) {
	byKey := map[string]*API{}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		req, err := d.Decode()
		if err != nil {
			return nil, fmt.Errorf("decode %s document %d: %w; run bapi validate on it", d.File, d.Index+1, err)
		}
		e := &Env{Doc: d, Request: req}
		e.pos = newPositions(d)
		e.Schema, err = amplifyschema.Parse(d.File, e.Config().TransformSchema)
		if err != nil {
			return nil, fmt.Errorf("%s document %d: %w; run bapi validate on it", d.File, d.Index+1, err)
		}
		k := req.AppId + "/" + req.ResourceName
		a := byKey[k]
		if a == nil {
			a = &API{AppID: req.AppId, ResourceName: req.ResourceName}
			byKey[k] = a
		}
		a.Envs = append(a.Envs, e)
	}
	out := make([]*API, 0, len(byKey))
	for _, k := range amplifyschema.SortedKeys(byKey) {
		a := byKey[k]
		slices.SortFunc(a.Envs, func(x, y *Env) int { return strings.Compare(x.Name(), y.Name()) })
		out = append(out, a)
	}
	return out, nil
}

// lookup returns the value node of key in mapping n, or nil.
func lookup(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
