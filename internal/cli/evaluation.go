package cli

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"sort"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/audit/check"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/evaluation"
)

func newEvaluationCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "evaluation",
		Short: "The platform's evaluation: baselines, audit summaries on chain, the five dimensions",
		Long: `The data bureau publishes pre-platform baselines (publish-baseline) that the
dashboard compares with; an auditor publishes the summary of a govchain audit
run (publish-audit, or govchain audit --publish); show prints the five
dimensions of a period as the node computes them. See docs/evaluation.md.`,
	}
	cmd.AddCommand(newEvalPublishAuditCmd(), newEvalPublishBaselineCmd(), newEvalShowCmd())
	return cmd
}

// evalTx signs and sends one evaluation tx with --from.
func evalTx(cmd *cobra.Command, action string, build func(cryptosuite.Suite) (any, error)) error {
	_, res, err := sendTx(cmd, "evaluation", action, build)
	if err != nil {
		return err
	}
	if asJSON(cmd) {
		return printJSON(res)
	}
	fmt.Printf("%s committed at height %d (tx %s)\n", action, res.Height, res.Hash)
	return nil
}

// AuditSummary turns a govchain audit report (its JSON bytes) into the
// payload an auditor signs: the blocks covered, every check's count in
// name order, the findings by check, and the hash of the report's bytes
// in the chain's suite, so that whoever is handed the report can match it.
func AuditSummary(suite cryptosuite.Suite, raw []byte, note string) (*evaluation.PublishAudit, error) {
	var rep check.Report
	if err := json.Unmarshal(raw, &rep); err != nil {
		return nil, fmt.Errorf("audit report: %w", err)
	}
	p := &evaluation.PublishAudit{NodeDepartment: rep.Department, FromHeight: rep.Blocks.From, ToHeight: rep.Blocks.To,
		Findings: int64(len(rep.Findings)), ReportHash: module.HashOf(suite.Hash(raw)), Note: note}
	if p.FromHeight < 1 {
		p.FromHeight = 1
	}
	names := make([]string, 0, len(rep.Checked))
	for k := range rep.Checked {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		p.Checks = append(p.Checks, evaluation.Count{Name: k, Count: rep.Checked[k]})
	}
	by := map[string]int64{}
	for _, f := range rep.Findings {
		by[f.Check]++
	}
	names = names[:0]
	for k := range by {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		p.FindingsBy = append(p.FindingsBy, evaluation.Count{Name: k, Count: by[k]})
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("audit report: %w", err)
	}
	return p, nil
}

func newEvalPublishAuditCmd() *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "publish-audit REPORT.json --from KEY",
		Short: "Publish the signed summary of a govchain audit --json report (an auditor's key)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			raw, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			return evalTx(cmd, "publish_audit", func(s cryptosuite.Suite) (any, error) { return AuditSummary(s, raw, note) })
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "a note to publish with the summary")
	return txFlags(cmd)
}

func newEvalPublishBaselineCmd() *cobra.Command {
	var in evaluation.PublishBaseline
	var source string
	cmd := &cobra.Command{
		Use:   "publish-baseline --process P --department D --figure F --value N --period YYYY --source FILE --title T --from KEY",
		Short: "Publish a pre-platform baseline figure (the data bureau's admin)",
		Long: `The value is an integer in the figure's scale: avg_processing_days and
median_processing_days in hundredths of a working day (1250 = 12.5 days),
approval_rate, on_time_rate and good_rating_rate in basis points (9350 = 93.50%),
statutory_limit_days and promised_limit_days in working days, cases as a count.
--source is the document the figure comes from: its hash goes on chain.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			doc, err := os.ReadFile(source)
			if err != nil {
				return err
			}
			return evalTx(cmd, "publish_baseline", func(s cryptosuite.Suite) (any, error) {
				p := in
				p.Scale = evaluation.ScaleOf(p.Figure)
				p.SourceHash = module.HashOf(s.Hash(doc))
				return &p, p.Validate()
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&in.Process, "process", "", "workflow process id (e.g. land-use) or city")
	f.StringVar(&in.Department, "department", "", "the department the figure is about")
	f.StringVar(&in.Figure, "figure", "", "figure name (see --help)")
	f.Int64Var(&in.Value, "value", 0, "the value, an integer in the figure's scale")
	f.StringVar(&in.Period, "period", "", "YYYY, YYYY-Qn or YYYY-MM")
	f.StringVar(&source, "source", "", "the source document (hashed)")
	f.StringVar(&in.SourceTitle, "title", "", "the source document's title")
	f.StringVar(&in.Note, "note", "", "a note")
	for _, n := range []string{"process", "department", "figure", "period", "source", "title"} {
		_ = cmd.MarkFlagRequired(n)
	}
	return txFlags(cmd)
}

func newEvalShowCmd() *cobra.Command {
	var period, dept string
	cmd := &cobra.Command{
		Use:   "show [--period YYYY-MM|YYYY-Qn|YYYY] [--department D]",
		Short: "The five dimensions of a period as JSON (the node's /api/v1/evaluation)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q := url.Values{}
			if period != "" {
				q.Set("period", period)
			}
			if dept != "" {
				q.Set("department", dept)
			}
			var v json.RawMessage
			if err := getJSON(cmd, "/api/v1/evaluation?"+q.Encode(), &v); err != nil {
				return err
			}
			return printJSON(v)
		},
	}
	cmd.Flags().StringVar(&period, "period", "", "period (default: this month)")
	cmd.Flags().StringVar(&dept, "department", "", "department (default: the city)")
	return readFlags(cmd)
}
