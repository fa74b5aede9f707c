package plan

import (
	"fmt"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/plan/schemachange"
	"github.com/bapi-dev/bapi/pkg/validate"
)

// FormatVersion is the version of the plan JSON format. Readers refuse a
// major version they do not know. 1.1 added Args; 1.0 plans are still read
// (their Args is nil). 1.2 added Warnings (left out when there are none).
// 1.3 added Change.SchemaChange and Plan.AllowDestructive.
const FormatVersion = "1.3"

// Action is what a change does.
type Action string

// Actions. bapi never deletes.
const (
	ActionNoOp   Action = "no-op"
	ActionCreate Action = "create"
	ActionUpdate Action = "update"
)

// Address identifies a resource: AppId/BackendEnvironmentName/ResourceName.
type Address struct {
	AppId                  string `json:"app_id"`
	BackendEnvironmentName string `json:"backend_environment_name"`
	ResourceName           string `json:"resource_name"`
}

// String formats the address as AppId/BackendEnvironmentName/ResourceName.
func (a Address) String() string {
	return a.AppId + "/" + a.BackendEnvironmentName + "/" + a.ResourceName
}

// Check reports the first part of the address that breaks its name rule:
// AppId is d followed by 1 to 19 lowercase letters and digits,
// BackendEnvironmentName 2 to 10 lowercase letters, ResourceName letters and
// digits. These are pkg/validate's name rules, which check specs; a saved
// plan is checked again here, since its parts go into request URLs.
func (a Address) Check() error {
	switch {
	case !validate.ValidAppID(a.AppId):
		return fmt.Errorf("address %q: app_id %q is not an Amplify app ID (d followed by 1 to 19 lowercase letters and digits)", a, a.AppId)
	case !validate.ValidEnvironmentName(a.BackendEnvironmentName):
		return fmt.Errorf("address %q: backend_environment_name %q must be 2 to 10 lowercase letters", a, a.BackendEnvironmentName)
	case !validate.ValidResourceName(a.ResourceName):
		return fmt.Errorf("address %q: resource_name %q must be letters and digits only", a, a.ResourceName)
	}
	return nil
}

// Pair is the app and environment part of the address: the service allows
// one pending job per pair.
func (a Address) Pair() string { return a.AppId + "/" + a.BackendEnvironmentName }

// Input is one file the plan was made from: a spec file, or a schema file
// a spec names with TransformSchemaFile.
type Input struct {
	Name   string `json:"name"`
	Digest string `json:"sha256"`
}

// FieldDiff is one field that differs, by JSON pointer into ResourceConfig
// with the spec's PascalCase member names (e.g. "/DefaultAuthType/Mode").
// AdditionalAuthTypes is a set keyed by Mode, so its segment is the mode:
// "/AdditionalAuthTypes/API_KEY/Settings/ExpirationTime". Before and After
// are normalised leaf values (string or float64), nil where the field is
// absent. See Diff and docs/plan-format.md.
type FieldDiff struct {
	Path   string `json:"path"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// Source points at the spec document a change comes from.
type Source struct {
	File     string `json:"file"`
	Document int    `json:"document"`
	Line     int    `json:"line"`
}

// Change is what the plan does to one resource.
type Change struct {
	Address Address `json:"address"`
	Action  Action  `json:"action"`
	Source  Source  `json:"source"`
	// Before is the observed config (nil when the resource does not exist).
	Before *amplifybackend.BackendAPIResourceConfig `json:"before"`
	// After is the desired config.
	After *amplifybackend.BackendAPIResourceConfig `json:"after"`
	// Diffs lists the fields that differ (empty for no-op).
	Diffs []FieldDiff `json:"diffs"`
	// Fingerprint is a digest of the observed state; apply refuses the plan
	// when the live state no longer matches it.
	Fingerprint string `json:"fingerprint"`
	// SchemaChange is what an update's TransformSchema change does to the
	// API's DynamoDB tables: deleted and replaced tables, index changes
	// and deployment steps (since 1.3). Nil when TransformSchema does not
	// change, for a create, and in older plans.
	SchemaChange *schemachange.Report `json:"schema_change"`
}

// Plan is the whole plan.
type Plan struct {
	FormatVersion string `json:"format_version"`
	// Args are the spec files and directories the plan was made from, as
	// given on the command line (relative paths stay relative). apply
	// discovers them again to notice spec files added since the plan. Nil
	// in a plan of format 1.0, which did not record them.
	Args []string `json:"args"`
	// InputsDigest is a digest over every input's name and digest; apply
	// refuses the plan when the spec files changed since.
	InputsDigest string   `json:"inputs_digest"`
	Inputs       []Input  `json:"inputs"`
	Changes      []Change `json:"changes"`
	// Warnings are about the environments the plan's changes are in (for
	// example a backend category the service refuses to deploy). Left out
	// of the file when there are none.
	Warnings []Warning `json:"warnings,omitempty"`
	// AllowDestructive are the destructive changes allowed when the plan
	// was made (plan --allow-destructive), each ADDRESS:Type (since 1.3).
	AllowDestructive []string `json:"allow_destructive"`
}
