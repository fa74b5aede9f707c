package validate

import (
	"encoding/json"
	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/vektah/gqlparser/v2/ast"
)

// RuleDefault is the ID of the @default rule, reported by graphql-valid's
// check with the other transformer rules.
const RuleDefault = "graphql-default"

func defaultRule() *Rule {
	return &Rule{ID: RuleDefault, Severity: finding.Error, Summary: "Every @default is on a scalar or enum field of a @model type, with a value of the field's type"}
}

// The default-value transformer's patterns for AppSync's date, time and
// e-mail scalars, compiled on first use (lazyre.go).
var (
	defaultTimeRE     = lazyRE(`^([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(\.\d{1,})?(([Z])|([+|-]([01][0-9]|2[0-3]):[0-5][0-9]))$`)
	defaultDateRE     = regexp.MustCompile(`^(\d{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01]))$`)
	defaultDateTimeRE = regexp.MustCompile(`^(\d{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60))(\.\d{1,})?(([Z])|([+|-]([01][0-9]|2[0-3]):[0-5][0-9]))$`)
	defaultEmailRE    = regexp.MustCompile("^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")
	defaultIntRE      = regexp.MustCompile(`^\s*[+-]?\d`)                 // what parseInt accepts
	defaultFloatRE    = regexp.MustCompile(`^\s*[+-]?(\d|\.\d|Infinity)`) // what parseFloat accepts
)

// validDate checks a date as the default-value transformer does: its
// pattern, and the day within the month.
func validDate(s string) bool {
	if !defaultDateRE.MatchString(s) {
		return false
	}
	year, _ := strconv.Atoi(s[:4])
	month, _ := strconv.Atoi(s[5:7])
	day, _ := strconv.Atoi(s[8:10])
	leap := (year%4 == 0 && year%100 != 0) || year%400 == 0
	switch month {
	case 2:
		return day <= 28 || (leap && day == 29)
	case 4, 6, 9, 11:
		return day <= 30
	}
	return true
}

// validDefault reports whether value is a valid default for the scalar,
// as the default-value transformer's validators judge it. AWSPhone is
// checked there with libphonenumber-js's isValidNumber, which, given no
// country, takes only international numbers: bapi checks that form (a +,
// then 8 to 15 digits with spaces, dots, dashes or parentheses), not the
// numbering plans.
func validDefault(scalar, value string) bool {
	switch scalar {
	case "Int", "AWSTimestamp":
		return defaultIntRE.MatchString(value)
	case "Float":
		return defaultFloatRE.MatchString(value)
	case "Boolean":
		return strings.EqualFold(value, "true") || strings.EqualFold(value, "false")
	case "AWSJSON":
		return json.Valid([]byte(value))
	case "AWSDate":
		return validDate(value)
	case "AWSTime":
		return defaultTimeRE.MatchString(value)
	case "AWSDateTime":
		return defaultDateTimeRE.MatchString(value) && validDate(value[:10])
	case "AWSEmail":
		return defaultEmailRE.MatchString(value)
	case "AWSURL":
		u, err := url.Parse(value)
		return err == nil && u.Scheme != ""
	case "AWSIPAddress":
		return net.ParseIP(value) != nil
	case "AWSPhone":
		return validPhoneForm(value)
	}
	return true
}

// validPhoneForm reports whether s has the form of an international phone
// number: +, then 8 to 15 digits, with spaces, dots, dashes and
// parentheses between them.
func validPhoneForm(s string) bool {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "+") {
		return false
	}
	digits := 0
	for _, r := range s[1:] {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" .-()", r):
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}

func checkDefaults(c *tcheck, o *amplifyschema.Object) {
	for _, f := range o.Fields {
		dir := f.Directives.ForName("default")
		if dir == nil || f.Type == nil {
			continue
		}
		if o.Model == nil {
			c.errorAt(RuleDefault, dir.Position, "The @default directive may only be added to object definitions annotated with @model: add @model to %s, or remove @default from %s", o.Name, f.Name)
			continue
		}
		if !c.ts.KeyType(f.Type) {
			c.errorAt(RuleDefault, dir.Position, "The @default directive may only be added to scalar or enum field types: %s.%s is %s", o.Name, f.Name, f.Type.String())
			continue
		}
		v := argValue(dir, "value")
		if v == nil || v.Kind != ast.StringValue {
			continue // graphql-valid reports a missing or null value
		}
		name := f.Type.NamedType
		if c.ts.Enums[name] {
			if !c.ts.EnumValue(name, v.Raw) {
				c.errorAt(RuleDefault, v.Position, "Default value %q is not a member of %s enum: use one of its values", v.Raw, name)
			}
			continue
		}
		if !validDefault(name, v.Raw) {
			c.errorAt(RuleDefault, v.Position, "Default value %q is not a valid %s: give a value of the field's type", v.Raw, name)
		}
	}
}
