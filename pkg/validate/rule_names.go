package validate

import (
	"regexp"

	"github.com/bapi-dev/bapi/pkg/finding"
	"go.yaml.in/yaml/v3"
)

// Rule IDs of the name rules.
const (
	RuleNameEnvironment  = "name-environment"
	RuleNameAppID        = "name-app-id"
	RuleNameAPIName      = "name-api-name"
	RuleNameResourceName = "name-resource-name"
	RuleServiceAppSync   = "service-appsync"
)

// nameRule checks one string member against a pattern. Absent members and
// non-strings are the schema's findings.
func nameRule(id, summary string, at func(p *Pass) (*yaml.Node, string), ok func(string) bool, message string) *Rule {
	return &Rule{
		ID:       id,
		Severity: finding.Error,
		Summary:  summary,
		Check: func(p *Pass) {
			v, ptr := at(p)
			s, isStr := str(v)
			if !isStr || ok(s) {
				return
			}
			p.Report(v, ptr, message, s)
		},
	}
}

func top(key string) func(p *Pass) (*yaml.Node, string) {
	return func(p *Pass) (*yaml.Node, string) { return mapGet(p.Doc.Root, key), "/" + key }
}

func inConfig(key string) func(p *Pass) (*yaml.Node, string) {
	return func(p *Pass) (*yaml.Node, string) {
		return mapGet(resourceConfig(p), key), "/ResourceConfig/" + key
	}
}

var (
	envNameRE = regexp.MustCompile(`^[a-z]{2,10}$`)
	appIDRE   = regexp.MustCompile(`^d[a-z0-9]+$`)
	alnumRE   = regexp.MustCompile(`^[a-zA-Z0-9]+$`)
)

// validAPIName: 1 to 80 letters and digits (alnumRE and a length check, not
// [a-zA-Z0-9]{1,80}, whose compiled program is 80 copies).
func validAPIName(s string) bool { return len(s) <= 80 && alnumRE.MatchString(s) }

// ValidAppID reports whether s is an Amplify app ID: d followed by lowercase
// letters and digits, 1 to 20 characters in all (rule name-app-id).
func ValidAppID(s string) bool { return len(s) <= 20 && appIDRE.MatchString(s) }

// ValidEnvironmentName reports whether s is 2 to 10 lowercase letters
// (rule name-environment).
func ValidEnvironmentName(s string) bool { return envNameRE.MatchString(s) }

// ValidResourceName reports whether s is letters and digits only (rule
// name-resource-name).
func ValidResourceName(s string) bool { return alnumRE.MatchString(s) }

func nameEnvironmentRule() *Rule {
	return nameRule(RuleNameEnvironment,
		"BackendEnvironmentName is 2 to 10 lowercase letters",
		top("BackendEnvironmentName"), ValidEnvironmentName,
		"BackendEnvironmentName %q must be 2 to 10 lowercase letters (Amplify's choice: \"Environment name must be between 2 and 10 characters, and lowercase only\"); rename it, e.g. dev, staging, prod")
}

func nameAppIDRule() *Rule {
	return nameRule(RuleNameAppID,
		"AppId looks like an Amplify app ID (d followed by lowercase letters and digits, at most 20 characters)",
		top("AppId"), ValidAppID,
		"AppId %q is not an Amplify app ID (d followed by lowercase letters and digits, 1 to 20 characters, such as d2x4example7q1); copy it from the Amplify console or `aws amplify list-apps`")
}

func nameAPINameRule() *Rule {
	return nameRule(RuleNameAPIName,
		"ApiName is 1 to 80 letters and digits",
		inConfig("ApiName"), validAPIName,
		"ApiName %q must be 1 to 80 letters and digits (AppSync API names used by Amplify allow no spaces, dashes or underscores); remove the other characters")
}

func nameResourceNameRule() *Rule {
	return nameRule(RuleNameResourceName,
		"ResourceName is alphanumeric",
		top("ResourceName"), ValidResourceName,
		"ResourceName %q must be letters and digits only (Amplify's choice: resource names are alphanumeric); remove the other characters")
}

func serviceAppSyncRule() *Rule {
	return nameRule(RuleServiceAppSync,
		"Service is AppSync, the only API service Amplify supports",
		inConfig("Service"), func(s string) bool { return s == "AppSync" },
		"Service %q is not supported: AppSync is the only API service Amplify's backend API supports; write Service: AppSync")
}
