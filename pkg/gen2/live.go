package gen2

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
)

// The live comparison (bapi gen2 check --live): each model's real table,
// read with DynamoDB's DescribeTable, against the one Gen 2 expects to
// import. It catches what the offline check cannot: a table changed by
// hand since Gen 1 made it (an index added in the console, another
// billing mode, a stream turned off), a table that is not there (a wrong
// API ID), deletion protection and point-in-time recovery (read with
// DescribeContinuousBackups), which guard the shared tables once Gen 2
// writes to them.

// FromDescription is a live table as a Table, sorted as the import check
// sorts it.
func FromDescription(d *amplifybackend.TableDescription) Table {
	t := Table{Name: d.TableName, BillingMode: "PROVISIONED", DeletionProtection: d.DeletionProtectionEnabled}
	for _, a := range d.AttributeDefinitions {
		t.AttributeDefinitions = append(t.AttributeDefinitions, AttributeDef{Name: a.AttributeName, Type: a.AttributeType})
	}
	sort.Slice(t.AttributeDefinitions, func(i, j int) bool { return t.AttributeDefinitions[i].Name < t.AttributeDefinitions[j].Name })
	keys := func(ks []amplifybackend.KeySchemaElement) []KeyElement {
		var out []KeyElement
		for _, k := range ks {
			out = append(out, KeyElement{Attribute: k.AttributeName, KeyType: k.KeyType})
		}
		// HASH before RANGE, as bapi writes them.
		sort.SliceStable(out, func(i, j int) bool { return out[i].KeyType == "HASH" && out[j].KeyType != "HASH" })
		return out
	}
	t.KeySchema = keys(d.KeySchema)
	for _, g := range d.GlobalSecondaryIndexes {
		proj := g.Projection.ProjectionType
		if len(g.Projection.NonKeyAttributes) > 0 {
			proj += "(" + strings.Join(g.Projection.NonKeyAttributes, ",") + ")"
		}
		t.GlobalSecondary = append(t.GlobalSecondary, GlobalIndex{Name: g.IndexName, KeySchema: keys(g.KeySchema), Projection: proj})
	}
	sort.Slice(t.GlobalSecondary, func(i, j int) bool { return t.GlobalSecondary[i].Name < t.GlobalSecondary[j].Name })
	if d.BillingModeSummary != nil && d.BillingModeSummary.BillingMode != "" {
		t.BillingMode = d.BillingModeSummary.BillingMode
	}
	if s := d.StreamSpecification; s != nil && s.StreamEnabled {
		t.StreamViewType = s.StreamViewType
	}
	if s := d.SSEDescription; s != nil && (s.Status == "ENABLED" || s.Status == "ENABLING") {
		t.SSEEnabled = true
	}
	return t
}

// pitrUnreadable is the RuleLivePITR message for an endpoint without
// DescribeContinuousBackups.
const pitrUnreadable = "the point-in-time recovery of the live table %s of %s could not be read: the DynamoDB endpoint does not implement DescribeContinuousBackups (UnknownOperationException); check it in the DynamoDB console or with aws dynamodb describe-continuous-backups"

// CheckLive reads the table of every model of the environments apiIDs
// gives an AppSync API ID (given with --api-id, or read with
// APIIDsFromService) and adds to r: a
// RuleLiveTable finding for a table missing or different from the one
// Gen 2 expects, a RuleLiveProtection finding for a table whose
// deletion protection is off, and a RuleLivePITR finding for a table whose
// point-in-time recovery is off or, on an endpoint that does not implement
// DescribeContinuousBackups (UnknownOperationException: dynalite, some
// DynamoDB look-alikes), could not be read; such an endpoint is asked
// once. Environments without an API ID are not read. The error is
// DescribeTable's or DescribeContinuousBackups', for anything but a
// missing table or an unknown operation.
func CheckLive(ctx context.Context, r *Report, apis []*API, tables amplifybackend.TablesAPI, apiIDs func(app, env string) string) error {
	c := &checker{seen: map[string]bool{}, findings: r.Findings}
	pitrUnknown := false
	for _, f := range r.Findings {
		c.seen[fmt.Sprintf("%s:%d:%d:%s:%s", f.File, f.Line, f.Column, f.Rule, f.Message)] = true
	}
	for _, a := range apis {
		for _, e := range a.Envs {
			id := apiIDs(a.AppID, e.Name())
			if id == "" {
				continue
			}
			for _, m := range e.Schema.SortedModels() {
				if err := ctx.Err(); err != nil {
					return err
				}
				name := TableName(m, id, e.Name())
				loc := e.pos.at(m.Def.Position)
				resp, err := tables.DescribeTable(ctx, &amplifybackend.DescribeTableRequest{TableName: name})
				if amplifybackend.HasCode(err, "ResourceNotFoundException") {
					c.report(loc, RuleLiveTable, "table %s of %s does not exist: check the API ID of %s/%s (%s; --api-id gives it) and the region; Gen 2 cannot import a table that is not there", name, m.Type, a.AppID, e.Name(), id)
					continue
				}
				if err != nil {
					return fmt.Errorf("read table %s of %s/%s/%s: %w", name, a.AppID, e.Name(), a.ResourceName, err)
				}
				if resp == nil || resp.Table == nil {
					return fmt.Errorf("read table %s: DescribeTable answered no table", name)
				}
				live := FromDescription(resp.Table)
				want := Gen2Table(m, name)
				if diffs := importDiffs(Compare(live, want)); len(diffs) > 0 {
					words := make([]string, 0, len(diffs))
					for _, d := range diffs {
						words = append(words, fmt.Sprintf("%s: live %s, Gen 2 expects %s", d.Property, d.Gen1, d.Gen2))
					}
					c.report(loc, RuleLiveTable, "the live table %s of %s differs from the one Gen 2 expects to import, so the first Gen 2 deploy fails: %s", name, m.Type, strings.Join(words, "; "))
				}
				if !live.DeletionProtection {
					c.report(loc, RuleLiveProtection, "the live table %s of %s has deletion protection off: Gen 2 imports it only with it on, and once both generations share the table it keeps either stack from deleting it: aws dynamodb update-table --table-name %s --deletion-protection-enabled", name, m.Type, name)
				}
				if pitrUnknown {
					c.report(loc, RuleLivePITR, pitrUnreadable, name, m.Type)
					continue
				}
				backups, err := tables.DescribeContinuousBackups(ctx, &amplifybackend.DescribeContinuousBackupsRequest{TableName: name})
				switch {
				case amplifybackend.HasCode(err, "UnknownOperationException"):
					pitrUnknown = true
					c.report(loc, RuleLivePITR, pitrUnreadable, name, m.Type)
				case amplifybackend.HasCode(err, "TableNotFoundException"):
					// Deleted between the two reads: DescribeTable said it was there.
					c.report(loc, RuleLiveTable, "table %s of %s was deleted while it was read; Gen 2 cannot import a table that is not there", name, m.Type)
				case amplifybackend.HasCode(err, "AccessDeniedException"):
					return fmt.Errorf("read the point-in-time recovery of table %s of %s/%s/%s: allow the IAM action dynamodb:DescribeContinuousBackups (docs/aws.md): %w", name, a.AppID, e.Name(), a.ResourceName, err)
				case err != nil:
					return fmt.Errorf("read the point-in-time recovery of table %s of %s/%s/%s: %w", name, a.AppID, e.Name(), a.ResourceName, err)
				case !backups.PointInTimeRecovery():
					c.report(loc, RuleLivePITR, "the live table %s of %s has point-in-time recovery off: once Gen 2 writes to the table too, it is what restores the data a bad deploy or a client of either generation overwrites: aws dynamodb update-continuous-backups --table-name %s --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true", name, m.Type, name)
				}
			}
		}
	}
	sortFindings(c.findings)
	r.Findings = c.findings
	return nil
}
