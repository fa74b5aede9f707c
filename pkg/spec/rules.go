package spec

// IDs of the rules the loader reports. They are registered, with summaries
// and docs, in pkg/validate's registry.
const (
	RuleYAMLSyntax    = "yaml-syntax"
	RuleDuplicateKey  = "yaml-duplicate-key"
	RuleYAMLTab       = "yaml-tab-indent"
	RuleYAMLAlias     = "yaml-alias"
	RuleYAMLTag       = "yaml-tag"
	RuleFileTooLarge  = "file-too-large"
	RuleEncoding      = "file-encoding"
	RuleEmptyDocument = "document-empty"
	RuleNotMapping    = "document-not-mapping"
	RuleNotSpec       = "document-not-spec"
	RuleUnreadable    = "file-unreadable"
)
