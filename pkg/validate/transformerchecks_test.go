package validate

import (
	"os"
	"strings"
	"testing"
)

// TestTransformerChecksTable checks docs/transformer-checks.md: every row
// of its tables names a registered rule in its "bapi rule" column, or
// gives a reason in the column after it.
func TestTransformerChecksTable(t *testing.T) {
	data, err := os.ReadFile("../../docs/transformer-checks.md")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range All() {
		ids[r.ID] = true
	}
	ruleCol := -1
	rows := 0
	for n, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "|") {
			ruleCol = -1
			continue
		}
		cells := splitRow(line)
		if ruleCol < 0 {
			for i, c := range cells {
				if c == "bapi rule" {
					ruleCol = i
				}
			}
			if ruleCol < 0 {
				t.Fatalf("line %d: a table without a \"bapi rule\" column", n+1)
			}
			continue
		}
		if strings.HasPrefix(cells[0], "---") {
			continue
		}
		rows++
		if ruleCol+1 >= len(cells) {
			t.Errorf("line %d: too few cells", n+1)
			continue
		}
		rule, why := cells[ruleCol], cells[ruleCol+1]
		switch {
		case rule == "—":
			if why == "" {
				t.Errorf("line %d: no bapi rule and no reason", n+1)
			}
		case !ids[strings.Trim(rule, "`")]:
			t.Errorf("line %d: %s is no registered rule", n+1, rule)
		}
	}
	if rows < 150 {
		t.Errorf("read %d rows; the document lists about 200", rows)
	}
}

// splitRow splits a markdown table row into trimmed cells, keeping
// escaped pipes (\|) inside cells.
func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(strings.TrimSuffix(line, "|"), "|")
	var cells []string
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			b.WriteByte('|')
			i++
		case line[i] == '|':
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(line[i])
		}
	}
	return append(cells, strings.TrimSpace(b.String()))
}
