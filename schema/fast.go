package schema

import (
	"fmt"
	"math"
)

// conformsDigest is the SHA-256 of backend-api.schema.json that Conforms
// was written against; a test fails when the schema changes, so that
// Conforms is reviewed with it.
const conformsDigest = "a8310dc384eb143eb0f2e6208f1e796263a5a6d560289b6dd7700fe04840069c"

// Validate checks v, a document as JSON values (map[string]any, []any,
// string, float64, bool, nil), against the schema: nil when it conforms,
// else the compiled schema's *jsonschema.ValidationError. It is the one
// entry to the schema: a document Conforms certainly accepts needs neither
// the compiled schema (about 2 ms to compile, at the first document of a
// run) nor jsonschema's Validate, which allocates per keyword; on the
// 10,000-file run this saves 13.7% of bapi validate's CPU
// (docs/benchmarks.md).
func Validate(v any) error {
	if Conforms(v) {
		return nil
	}
	sch, err := Compiled()
	if err != nil {
		return fmt.Errorf("compile the embedded schema: %w", err)
	}
	return sch.Validate(v)
}

// Conforms reports whether v certainly satisfies backend-api.schema.json.
// It may answer false for a valid document (then Validate asks the
// compiled schema), never true for an invalid one:
// TestConformsAgreesWithSchema (pkg/validate) checks it against jsonschema
// on every spec in testdata and on damaged copies of them.
func Conforms(v any) bool {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 4 {
		return false
	}
	for _, k := range [...]string{"AppId", "BackendEnvironmentName", "ResourceName"} {
		if s, ok := m[k].(string); !ok || s == "" {
			return false
		}
	}
	rc, ok := m["ResourceConfig"].(map[string]any)
	if !ok {
		return false
	}
	for k, v := range rc {
		switch k {
		case "ApiName", "Service", "TransformSchema":
			if _, ok := v.(string); !ok {
				return false
			}
		case "TransformSchemaFile":
			if !schemaFileConforms(v) {
				return false
			}
		case "DefaultAuthType":
			if !authTypeConforms(v) {
				return false
			}
		case "AdditionalAuthTypes":
			list, ok := v.([]any)
			if !ok {
				return false
			}
			for _, a := range list {
				if !authTypeConforms(a) {
					return false
				}
			}
		case "ConflictResolution":
			cr, ok := v.(map[string]any)
			if !ok {
				return false
			}
			for k, v := range cr {
				if k != "ResolutionStrategy" {
					return false
				}
				switch v {
				case "OPTIMISTIC_CONCURRENCY", "LAMBDA", "AUTOMERGE", "NONE":
				default:
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// schemaFileConforms: a non-empty string, or a non-empty list of them.
func schemaFileConforms(v any) bool {
	switch v := v.(type) {
	case string:
		return v != ""
	case []any:
		if len(v) == 0 {
			return false
		}
		for _, s := range v {
			if s, ok := s.(string); !ok || s == "" {
				return false
			}
		}
		return true
	}
	return false
}

// authTypeConforms checks a BackendAPIAuthType: Mode from the enum, the
// settings each mode requires, and typed settings.
func authTypeConforms(v any) bool {
	a, ok := v.(map[string]any)
	if !ok {
		return false
	}
	var settings map[string]any
	for k, v := range a {
		switch k {
		case "Mode":
		case "Settings":
			if settings, ok = v.(map[string]any); !ok {
				return false
			}
		default:
			return false
		}
	}
	for k, v := range settings {
		switch k {
		case "ExpirationTime":
			f, ok := v.(float64)
			if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
				return false
			}
		case "CognitoUserPoolId", "Description", "OpenIDAuthTTL", "OpenIDClientId", "OpenIDIatTTL", "OpenIDIssueURL", "OpenIDProviderName":
			if _, ok := v.(string); !ok {
				return false
			}
		default:
			return false
		}
	}
	mode, hasMode := a["Mode"]
	if !hasMode {
		return true
	}
	need := func(keys ...string) bool {
		if settings == nil {
			return false
		}
		for _, k := range keys {
			if _, ok := settings[k]; !ok {
				return false
			}
		}
		return true
	}
	switch mode {
	case "API_KEY":
		return need("ExpirationTime")
	case "AMAZON_COGNITO_USER_POOLS":
		return need("CognitoUserPoolId")
	case "OPENID_CONNECT":
		return need("OpenIDProviderName", "OpenIDIssueURL")
	case "AWS_IAM":
		return true
	}
	return false
}
