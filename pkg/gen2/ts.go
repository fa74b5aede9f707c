package gen2

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/model"
)

// The TypeScript bapi gen2 export writes, for @aws-amplify/backend 1.x
// (the types of @aws-amplify/backend-data's DataProps, AuthorizationModes
// and AmplifyGen1DynamoDbTableMapping, and @aws-amplify/backend-auth's
// referenceAuth). A test type-checks it with tsc against the pinned
// packages in testdata/gen2.

// Placeholder starts every value bapi cannot know offline; the Gen 2
// deploy must not see one.
const Placeholder = "BAPI_PLACEHOLDER_"

// tsString is s as a TypeScript string literal (JSON's syntax is one).
func tsString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// tsTemplate is s as a TypeScript template literal, exactly: backslashes,
// backquotes and ${ escaped.
func tsTemplate(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "`", "\\`", "${", `\${`)
	return "`" + r.Replace(s) + "`"
}

// gen2Mode is a Gen 1 auth mode's Gen 2 name (DefaultAuthorizationMode).
func gen2Mode(mode string) string {
	switch mode {
	case model.ModeAPIKey:
		return "apiKey"
	case model.ModeAWSIAM:
		return "iam"
	case model.ModeAmazonCognitoUserPools:
		return "userPool"
	case model.ModeOpenIDConnect:
		return "oidc"
	}
	return ""
}

func dataResource(a *API, first *Env, envs []*Env, maps []mapping) ([]byte, []string) {
	cfg := first.Config()
	var notes []string
	var b strings.Builder
	names := make([]string, 0, len(envs))
	for _, e := range envs {
		names = append(names, e.Name())
	}
	fmt.Fprintf(&b, "// Written by bapi gen2 export from %s (%s/%s, Gen 1 environments %s).\n", first.Doc.File, a.AppID, a.ResourceName, strings.Join(names, ", "))
	b.WriteString("// The schema is the Gen 1 TransformSchema, unchanged. Each branch below imports\n")
	b.WriteString("// the Gen 1 tables of its environment on its first deploy; see docs/gen2.md.\n")
	b.WriteString("import { defineData } from '@aws-amplify/backend';\n\n")
	fmt.Fprintf(&b, "const schema = /* GraphQL */ %s;\n\n", tsTemplate(cfg.TransformSchema))
	b.WriteString("export const data = defineData({\n")
	if cfg.ApiName != "" {
		fmt.Fprintf(&b, "  name: %s,\n", tsString(cfg.ApiName))
	}
	b.WriteString("  schema,\n")
	b.WriteString("  authorizationModes: {\n")
	if d := cfg.DefaultAuthType; d != nil && gen2Mode(d.Mode) != "" {
		fmt.Fprintf(&b, "    defaultAuthorizationMode: %s,\n", tsString(gen2Mode(d.Mode)))
	}
	oidcDone := false
	for _, t := range authTypesOf(cfg) {
		s := t.Settings
		switch t.Mode {
		case model.ModeAPIKey:
			b.WriteString("    apiKeyAuthorizationMode: {\n")
			if s != nil && s.Description != "" {
				fmt.Fprintf(&b, "      description: %s,\n", tsString(s.Description))
			}
			if s != nil && s.ExpirationTime != nil {
				// Both count days.
				fmt.Fprintf(&b, "      expiresInDays: %s,\n", strconv.FormatFloat(*s.ExpirationTime, 'g', -1, 64))
			}
			b.WriteString("    },\n")
		case model.ModeOpenIDConnect:
			if oidcDone {
				notes = append(notes, "nothing for the second OpenID Connect provider: Gen 2 takes one (bapi gen2 check, "+RuleOIDCUnconvertible+")")
				continue
			}
			oidcDone = true
			if s == nil {
				s = &model.BackendAPIAppSyncAuthSettings{}
			}
			b.WriteString("    oidcAuthorizationMode: {\n")
			fmt.Fprintf(&b, "      oidcProviderName: %s,\n", tsString(orPlaceholder(s.OpenIDProviderName, "oidcProviderName")))
			fmt.Fprintf(&b, "      oidcIssuerUrl: %s,\n", tsString(orPlaceholder(s.OpenIDIssueURL, "oidcIssuerUrl")))
			if s.OpenIDClientId != "" {
				fmt.Fprintf(&b, "      clientId: %s,\n", tsString(s.OpenIDClientId))
			}
			fmt.Fprintf(&b, "      // Gen 1's OpenIDAuthTTL %s ms and OpenIDIatTTL %s ms, in seconds.\n", orNone(s.OpenIDAuthTTL), orNone(s.OpenIDIatTTL))
			fmt.Fprintf(&b, "      tokenExpiryFromAuthInSeconds: %s,\n", secondsOrZero(s.OpenIDAuthTTL))
			fmt.Fprintf(&b, "      tokenExpireFromIssueInSeconds: %s,\n", secondsOrZero(s.OpenIDIatTTL))
			b.WriteString("    },\n")
		}
	}
	b.WriteString("  },\n")
	b.WriteString("  migratedAmplifyGen1DynamoDbTableMappings: [\n")
	for _, m := range maps {
		fmt.Fprintf(&b, "    {\n      branchName: %s,\n      modelNameToTableNameMapping: {\n", tsString(m.branch))
		for _, typ := range amplifyschema.SortedKeys(m.tables) {
			fmt.Fprintf(&b, "        %s: %s,\n", tsString(typ), tsString(m.tables[typ]))
		}
		b.WriteString("      },\n    },\n")
	}
	b.WriteString("  ],\n")
	b.WriteString("});\n")
	return []byte(b.String()), notes
}

func orPlaceholder(v, name string) string {
	if v == "" {
		return Placeholder + name
	}
	return v
}

func orNone(v string) string {
	if v == "" {
		return "(not set)"
	}
	return v
}

// secondsOrZero is a Gen 1 TTL in milliseconds as whole seconds; 0 when
// unset (AppSync's "no limit"). A TTL that is not whole seconds is
// rounded down; bapi gen2 check reports it.
func secondsOrZero(ms string) string {
	if strings.TrimSpace(ms) == "" {
		return "0"
	}
	secs, _, ok := millisToSeconds(ms)
	if !ok {
		return "0"
	}
	return strconv.FormatInt(secs, 10)
}

// authValue is one of referenceAuth's values and where it comes from.
type authValue struct{ key, value, from string }

// authResource is referenceAuth for the Gen 1 auth: the user pool the
// spec names, and what env's meta (export --live) gives; the rest are
// placeholders.
func authResource(a *API, cfg *model.BackendAPIResourceConfig, env string, meta Meta) []byte {
	pool, poolFrom := "", ""
	for _, t := range authTypesOf(cfg) {
		if t.Mode == model.ModeAmazonCognitoUserPools && t.Settings != nil && t.Settings.CognitoUserPoolId != "" {
			pool, poolFrom = t.Settings.CognitoUserPoolId, "the spec's CognitoUserPoolId"
			break
		}
	}
	metaFrom := func(what string) string { return fmt.Sprintf("%s's amplifyMetaConfig, %s", env, what) }
	if pool == "" && meta.Auth.UserPoolID != "" {
		pool, poolFrom = meta.Auth.UserPoolID, metaFrom("auth output UserPoolId")
	}
	values := []authValue{
		{"userPoolId", pool, poolFrom},
		{"userPoolClientId", meta.Auth.UserPoolClientID, metaFrom("auth output AppClientIDWeb (else AppClientID)")},
		{"identityPoolId", meta.Auth.IdentityPoolID, metaFrom("auth output IdentityPoolId")},
		{"authRoleArn", meta.Auth.AuthRoleARN, metaFrom("AuthRoleArn")},
		{"unauthRoleArn", meta.Auth.UnauthRoleARN, metaFrom("UnauthRoleArn")},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "// Written by bapi gen2 export for %s/%s: the Gen 1 auth, referenced as it is.\n", a.AppID, a.ResourceName)
	if slices.ContainsFunc(values, func(v authValue) bool { return v.value == "" }) {
		fmt.Fprintf(&b, "// Every value starting %s is one bapi could not know: fill it in\n", Placeholder)
		b.WriteString("// from the Gen 1 environment's amplify-meta.json (auth output) or the Cognito and IAM\n")
		b.WriteString("// consoles before the first deploy (bapi gen2 export --live reads what the service has),\n")
		b.WriteString("// or let AWS's amplify gen2-migration move auth instead.\n")
	} else {
		b.WriteString("// Check the values against the Gen 1 environment before the first deploy.\n")
	}
	b.WriteString("import { referenceAuth } from '@aws-amplify/backend';\n\n")
	b.WriteString("export const auth = referenceAuth({\n")
	for _, v := range values {
		if v.value == "" {
			fmt.Fprintf(&b, "  %s: %s,\n", v.key, tsString(Placeholder+v.key))
			continue
		}
		fmt.Fprintf(&b, "  %s: %s, // %s\n", v.key, tsString(v.value), v.from)
	}
	b.WriteString("});\n")
	return []byte(b.String())
}

func backendFile(withAuth bool) []byte {
	var b strings.Builder
	b.WriteString("// Written by bapi gen2 export.\n")
	b.WriteString("import { defineBackend } from '@aws-amplify/backend';\n")
	if withAuth {
		b.WriteString("import { auth } from './auth/resource';\n")
	}
	b.WriteString("import { data } from './data/resource';\n\n")
	if withAuth {
		b.WriteString("defineBackend({ auth, data });\n")
	} else {
		b.WriteString("defineBackend({ data });\n")
	}
	return []byte(b.String())
}
