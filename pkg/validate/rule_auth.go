package validate

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/model"
	"go.yaml.in/yaml/v3"
)

// Rule IDs of the auth settings rules.
const (
	RuleAPIKeyExpiration   = "auth-api-key-expiration"
	RuleCognitoUserPoolID  = "auth-cognito-user-pool-id"
	RuleOIDCClientID       = "auth-oidc-client-id"
	RuleOIDCIssuerURL      = "auth-oidc-issuer-url"
	RuleOIDCTTL            = "auth-oidc-ttl"
	RuleOIDCTTLSeconds     = "auth-oidc-ttl-seconds"
	RuleIAMSettings        = "auth-iam-settings"
	RuleSettingWrongMode   = "auth-setting-wrong-mode"
	RuleAdditionalDup      = "auth-additional-duplicate"
	RuleAdditionalDefault  = "auth-additional-default"
	maxCognitoUserPoolIDLn = 55
)

func apiKeyExpirationRule() *Rule {
	return &Rule{
		ID:       RuleAPIKeyExpiration,
		Severity: finding.Error,
		Summary:  "An API_KEY's ExpirationTime is a whole number of days from 1 to 365",
		Check: func(p *Pass) {
			for _, at := range authTypes(p) {
				if at.mode != model.ModeAPIKey {
					continue
				}
				_, v := at.setting("ExpirationTime")
				days, ok := number(v)
				if !ok {
					continue
				}
				if days != math.Trunc(days) || days < 1 || days > 365 {
					p.Report(v, at.settingPointer("ExpirationTime"),
						"API key ExpirationTime %s is not a whole number of days from 1 to 365 (AppSync's limit for API keys); set a number of days such as 7 or 365", v.Value)
				}
			}
		},
	}
}

// awsRegions are the AWS regions (commercial, GovCloud and China) a Cognito
// user pool ID can start with.
var awsRegions = []string{
	"af-south-1",
	"ap-east-1", "ap-east-2",
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-south-1", "ap-south-2",
	"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
	"ca-central-1", "ca-west-1",
	"cn-north-1", "cn-northwest-1",
	"eu-central-1", "eu-central-2",
	"eu-north-1",
	"eu-south-1", "eu-south-2",
	"eu-west-1", "eu-west-2", "eu-west-3",
	"il-central-1",
	"me-central-1", "me-south-1",
	"mx-central-1",
	"sa-east-1",
	"us-east-1", "us-east-2",
	"us-gov-east-1", "us-gov-west-1",
	"us-west-1", "us-west-2",
}

var cognitoPoolRE = regexp.MustCompile(`^[\w-]+_[0-9a-zA-Z]+$`)

func cognitoUserPoolIDRule() *Rule {
	return &Rule{
		ID:       RuleCognitoUserPoolID,
		Severity: finding.Error,
		Summary:  "An AMAZON_COGNITO_USER_POOLS mode names a well-formed user pool ID in a real AWS region",
		Check: func(p *Pass) {
			for _, at := range authTypes(p) {
				if at.mode != model.ModeAmazonCognitoUserPools {
					continue
				}
				_, v := at.setting("CognitoUserPoolId") // absent: the schema reports it
				id, ok := str(v)
				if !ok {
					continue
				}
				switch {
				case len(id) > maxCognitoUserPoolIDLn:
					p.Report(v, at.settingPointer("CognitoUserPoolId"), "CognitoUserPoolId %q is %d characters long, more than the %d Cognito allows; copy the pool ID from the Cognito console", id, len(id), maxCognitoUserPoolIDLn)
				case !cognitoPoolRE.MatchString(id):
					p.Report(v, at.settingPointer("CognitoUserPoolId"), "CognitoUserPoolId %q is not a user pool ID (REGION_ID, matching [\\w-]+_[0-9a-zA-Z]+); copy the pool ID, not its name or ARN, from the Cognito console", id)
				default:
					region := id[:strings.LastIndex(id, "_")]
					if !slices.Contains(awsRegions, region) {
						p.Report(v, at.settingPointer("CognitoUserPoolId"), "CognitoUserPoolId %q starts with %q, which is not an AWS region; a pool ID starts with its region, such as us-east-1_", id, region)
					}
				}
			}
		},
	}
}

func oidcClientIDRule() *Rule {
	return &Rule{
		ID:       RuleOIDCClientID,
		Severity: finding.Error,
		Summary:  "An OPENID_CONNECT mode sets OpenIDClientId (Amplify requires it)",
		Check: func(p *Pass) {
			for _, at := range authTypes(p) {
				// Without Settings the schema reports the missing Settings.
				if at.mode != model.ModeOpenIDConnect || at.settings == nil || at.settings.Kind != yaml.MappingNode {
					continue
				}
				if k, _ := at.setting("OpenIDClientId"); k != nil {
					continue
				}
				p.Report(at.setKey, at.pointer()+"/Settings", "mode OPENID_CONNECT needs Settings.OpenIDClientId (Amplify's choice: AppSync makes the client ID optional, Amplify requires it); add the client ID registered with the provider")
			}
		},
	}
}

func oidcIssuerURLRule() *Rule {
	return &Rule{
		ID:       RuleOIDCIssuerURL,
		Severity: finding.Error,
		Summary:  "An OPENID_CONNECT issuer URL is an https URL (http only for localhost)",
		Check: func(p *Pass) {
			for _, at := range authTypes(p) {
				if at.mode != model.ModeOpenIDConnect {
					continue
				}
				_, v := at.setting("OpenIDIssueURL")
				s, ok := str(v)
				if !ok {
					continue
				}
				u, err := url.Parse(s)
				if err != nil || u.Host == "" {
					p.Report(v, at.settingPointer("OpenIDIssueURL"), "OpenIDIssueURL %q is not an absolute URL; write the issuer as https://HOST/PATH, exactly as the iss claim of its tokens", s)
					continue
				}
				switch u.Scheme {
				case "https":
				case "http":
					h := u.Hostname()
					if h != "localhost" && h != "127.0.0.1" && h != "::1" {
						p.Report(v, at.settingPointer("OpenIDIssueURL"), "OpenIDIssueURL %q uses http; an issuer must use https (http is accepted only for localhost); change it to https://%s", s, strings.TrimPrefix(s, "http://"))
					}
				default:
					p.Report(v, at.settingPointer("OpenIDIssueURL"), "OpenIDIssueURL %q uses scheme %q; an issuer must use https", s, u.Scheme)
				}
			}
		},
	}
}

// oidcTTLs visits OpenIDAuthTTL and OpenIDIatTTL of OPENID_CONNECT modes.
func oidcTTLs(p *Pass, visit func(name string, v *yaml.Node, at authType)) {
	for _, at := range authTypes(p) {
		if at.mode != model.ModeOpenIDConnect {
			continue
		}
		for _, name := range [...]string{"OpenIDAuthTTL", "OpenIDIatTTL"} {
			if _, v := at.setting(name); v != nil && v.Kind == yaml.ScalarNode {
				visit(name, v, at)
			}
		}
	}
}

var digitsRE = regexp.MustCompile(`^[0-9]+$`)

func oidcTTLRule() *Rule {
	return &Rule{
		ID:       RuleOIDCTTL,
		Severity: finding.Error,
		Summary:  "OpenIDAuthTTL and OpenIDIatTTL are whole numbers of milliseconds",
		Check: func(p *Pass) {
			oidcTTLs(p, func(name string, v *yaml.Node, at authType) {
				s, ok := str(v)
				if !ok || digitsRE.MatchString(s) {
					return // a number rather than a string is the schema's finding
				}
				p.Report(v, at.settingPointer(name), "%s %q is not a whole number of milliseconds; write digits only, such as \"3600000\" for one hour", name, s)
			})
		},
	}
}

func oidcTTLSecondsRule() *Rule {
	return &Rule{
		ID:       RuleOIDCTTLSeconds,
		Severity: finding.Warning,
		Summary:  "OpenIDAuthTTL and OpenIDIatTTL under 1000 look like seconds, but are milliseconds",
		Check: func(p *Pass) {
			oidcTTLs(p, func(name string, v *yaml.Node, at authType) {
				s, ok := str(v)
				if !ok || !digitsRE.MatchString(s) || len(s) > 3 {
					return
				}
				n, err := strconv.Atoi(s)
				if err != nil || n == 0 || n >= 1000 {
					return
				}
				p.Report(v, at.settingPointer(name), "%s %s is in milliseconds, so tokens would be valid for under a second; if you meant %s seconds, write \"%s000\"", name, s, s, s)
			})
		},
	}
}

func iamSettingsRule() *Rule {
	return &Rule{
		ID:       RuleIAMSettings,
		Severity: finding.Error,
		Summary:  "An AWS_IAM mode has no Settings",
		Check: func(p *Pass) {
			for _, at := range authTypes(p) {
				if at.mode != model.ModeAWSIAM || at.setKey == nil {
					continue
				}
				s := at.settings
				if s == nil || s.Tag == "!!null" || (s.Kind == yaml.MappingNode && len(s.Content) == 0) {
					continue
				}
				p.Report(at.setKey, at.pointer()+"/Settings", "mode AWS_IAM takes no Settings (IAM authorizes with the caller's AWS credentials); remove Settings")
			}
		},
	}
}

// settingModes says which mode each setting belongs to.
var settingModes = map[string]string{
	"CognitoUserPoolId":  model.ModeAmazonCognitoUserPools,
	"Description":        model.ModeAPIKey,
	"ExpirationTime":     model.ModeAPIKey,
	"OpenIDAuthTTL":      model.ModeOpenIDConnect,
	"OpenIDClientId":     model.ModeOpenIDConnect,
	"OpenIDIatTTL":       model.ModeOpenIDConnect,
	"OpenIDIssueURL":     model.ModeOpenIDConnect,
	"OpenIDProviderName": model.ModeOpenIDConnect,
}

func settingWrongModeRule() *Rule {
	return &Rule{
		ID:       RuleSettingWrongMode,
		Severity: finding.Error,
		Summary:  "A setting belongs to the mode it is under (no CognitoUserPoolId under API_KEY)",
		Check: func(p *Pass) {
			for _, at := range authTypes(p) {
				// AWS_IAM takes no settings at all: auth-iam-settings says so.
				if at.mode == "" || at.mode == model.ModeAWSIAM || !slices.Contains(model.Modes(), at.mode) {
					continue
				}
				if at.settings == nil || at.settings.Kind != yaml.MappingNode {
					continue
				}
				for i := 0; i+1 < len(at.settings.Content); i += 2 {
					k := at.settings.Content[i]
					want, known := settingModes[k.Value]
					if !known || want == at.mode {
						continue
					}
					p.Report(k, at.settingPointer(k.Value), "setting %s belongs to mode %s, not %s; remove it, or move it to an auth type with Mode: %s", k.Value, want, at.mode, want)
				}
			}
		},
	}
}

func additionalDuplicateRule() *Rule {
	return &Rule{
		ID:       RuleAdditionalDup,
		Severity: finding.Error,
		Summary:  "No auth mode appears twice in AdditionalAuthTypes, but OPENID_CONNECT with different issuers",
		Check: func(p *Pass) {
			first := map[string]*yaml.Node{}
			for _, at := range authTypes(p) {
				if at.mode == "" || !at.additional() {
					continue
				}
				key := at.providerKey()
				if f, ok := first[key]; ok {
					p.Report(at.modeNode, at.pointer()+"/Mode", "%s is already listed in AdditionalAuthTypes at line %d; AppSync and Amplify take each mode once (several OpenID Connect providers only with different issuers): remove one", at.providerName(), f.Line)
					continue
				}
				first[key] = at.modeNode
			}
		},
	}
}

// providerKey identifies the AppSync auth provider an auth type makes: the
// mode, and for OPENID_CONNECT the issuer, since AppSync takes several
// OpenID Connect providers with different issuers (each @aws_oidc type is
// checked against them; aws-cdk-lib's GraphqlApi, which follows AppSync's
// security guide, refuses only a duplicated API_KEY or AWS_IAM mode and a
// second Lambda authorizer) and the transformer accepts them. A second user
// pool stays refused: Amplify's auth category gives a project one.
func (a authType) providerKey() string {
	if a.mode != model.ModeOpenIDConnect {
		return a.mode
	}
	return a.mode + " " + a.issuer()
}

// providerName describes the provider of providerKey, for a finding.
func (a authType) providerName() string {
	if a.mode != model.ModeOpenIDConnect {
		return "mode " + a.mode
	}
	return fmt.Sprintf("OPENID_CONNECT with issuer %q", a.issuer())
}

// issuer is an OPENID_CONNECT auth type's issuer URL, as providerKey
// compares it.
func (a authType) issuer() string {
	_, v := a.setting("OpenIDIssueURL")
	s, _ := str(v)
	return strings.TrimRight(strings.TrimSpace(s), "/")
}

func additionalDefaultRule() *Rule {
	return &Rule{
		ID:       RuleAdditionalDefault,
		Severity: finding.Error,
		Summary:  "No additional auth type repeats the default mode (OPENID_CONNECT: with the same issuer)",
		Check: func(p *Pass) {
			ats := authTypes(p)
			if len(ats) == 0 || ats[0].additional() || ats[0].mode == "" {
				return
			}
			def := ats[0]
			defKey := def.providerKey()
			for _, at := range ats[1:] {
				if at.providerKey() == defKey {
					p.Report(at.modeNode, at.pointer()+"/Mode", "%s is already the DefaultAuthType (line %d); AppSync and Amplify take each mode once (a second OpenID Connect provider only with another issuer): remove this entry", at.providerName(), def.modeNode.Line)
				}
			}
		},
	}
}
