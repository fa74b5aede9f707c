package validate

import "math"

// conformsDigest is the SHA-256 of schema/backend-api.schema.json that
// conforms was written against; a test fails when the schema changes, so
// that conforms is reviewed with it.
const conformsDigest = "a8310dc384eb143eb0f2e6208f1e796263a5a6d560289b6dd7700fe04840069c"

// conforms reports whether v, a document as nodeValue gives it, certainly
// satisfies schema/backend-api.schema.json. It is the schema rule's fast
// path: a valid document needs neither the compiled schema (about 2 ms to
// compile, at the first document of a run) nor jsonschema's Validate. It
// may answer false for a valid document (then jsonschema decides), never
// true for an invalid one: TestConformsAgreesWithSchema checks it against
// jsonschema on every spec in testdata and on damaged copies of them.
func conforms(v any) bool {
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
