package output

import (
	"io"

	"github.com/bapi-dev/bapi/pkg/plan"
)

// planJSON writes the plan exactly as the plan file holds it, so
// "bapi plan --format json > plan.json" and "bapi plan -out plan.json" give
// the same bytes. The format is documented in docs/plan-format.md.
type planJSON struct{}

var _ PlanFormatter = (*planJSON)(nil)

func (*planJSON) Format(w io.Writer, p *plan.Plan) error {
	b, err := plan.Marshal(p)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}
