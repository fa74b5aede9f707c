package output

// The one palette of the text formats (findings, plan, job report): ANSI
// SGR sequences, written only when the formatter's Color option is on.
const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiDim     = "\x1b[2m"
	ansiRed     = "\x1b[31m"
	ansiGreen   = "\x1b[32m"
	ansiYellow  = "\x1b[33m"
	ansiBlue    = "\x1b[34m"
	ansiCyan    = "\x1b[36m"
	ansiDefault = "\x1b[39m" // the default foreground colour
)

// paint wraps s in code and a reset when on; with on false or no code, s
// is returned as it is.
func paint(on bool, code, s string) string {
	if !on || code == "" {
		return s
	}
	return code + s + ansiReset
}
