package cli

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
)

func newFreezeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "freeze",
		Short: "Emergency freezes: request, co-sign, list",
		Long: `A freeze stops an account's transactions, a department's signing, or a
process's new cases. It takes effect from the block after an admin of a second
department co-signs (one of the two must be a department in
gov.freeze_cosigners: by default gsd or aud), and lapses after
gov.freeze_duration unless a proposal ratifies it (gov propose --type
ratify_freeze); lifting it early takes a proposal (--type lift_freeze).
See docs/emergency.md.`,
	}
	var kind, target, reason string
	req := txFlags(&cobra.Command{
		Use:     "request --kind account|department|process --target ID --reason TEXT --from KEY",
		Short:   "Ask for a freeze (a second department must co-sign)",
		Example: `  govchain freeze request --kind account --target 3f…(address) --reason "key leaked" --from nrb-admin`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return freezeTx(cmd, "freeze", governance.RequestFreeze{Kind: kind, Target: target, Reason: reason}, "requested")
		},
	})
	req.Flags().StringVar(&kind, "kind", "", "account, department or process")
	req.Flags().StringVar(&target, "target", "", "account address, department id or process id (e.g. land-use)")
	req.Flags().StringVar(&reason, "reason", "", "why (required)")
	cosign := txFlags(&cobra.Command{
		Use:   "cosign ID --from KEY",
		Short: "Co-sign a freeze request of another department: it takes effect from the next block",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0], "freeze")
			if err != nil {
				return err
			}
			return freezeTx(cmd, "cosign_freeze", governance.CosignFreeze{Freeze: id}, "")
		},
	})
	list := readFlags(&cobra.Command{
		Use:   "list",
		Short: "Every freeze with its state",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fs, err := freezes(cmd)
			if err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(fs)
			}
			return printFreezes(fs)
		},
	})
	cmd.AddCommand(req, cosign, list)
	return cmd
}

func freezes(cmd *cobra.Command) ([]*governance.Freeze, error) {
	var fs []*governance.Freeze
	return fs, getJSON(cmd, "/api/v1/gov/freezes", &fs)
}

// freezeTx sends a freeze tx and shows the freeze it touched.
func freezeTx(cmd *cobra.Command, action string, payload any, _ string) error {
	addr, res, err := govTx(cmd, action, payload)
	if err != nil {
		return err
	}
	fs, err := freezes(cmd)
	if err != nil {
		return err
	}
	for i := len(fs) - 1; i >= 0; i-- {
		f := fs[i]
		if f.Requester == addr || f.Cosigner == addr {
			if asJSON(cmd) {
				return printJSON(f)
			}
			return printFreezes([]*governance.Freeze{f})
		}
	}
	return printJSON(res)
}

func printFreezes(fs []*governance.Freeze) error {
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tTARGET\tSTATE\tSIGNED BY\tSINCE\tEXPIRES\tREASON")
	for _, f := range fs {
		by := f.RequesterDept
		if f.CosignerDept != "" {
			by += "+" + f.CosignerDept
		}
		exp := f.Expires.Local().Format(time.RFC3339)
		if f.State == governance.FreezeRatified {
			exp = "until lifted"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", f.ID, f.Kind, f.Target, f.State, by, f.Since, exp, f.Reason)
	}
	return tw.Flush()
}

func newIncidentCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "incident",
		Short: "The incident register: open, update, close, publish, summary",
	}
	var file string
	open := txFlags(&cobra.Command{
		Use:   "open --payload FILE --from KEY",
		Short: "Open an incident (department admin or auditor)",
		Example: `  echo '{"type":"node_lost","severity":4,"departments":["nrb"],"components":["validator"],"description":"nrb node down since 09:10"}' > inc.json
  govchain incident open --payload inc.json --from aud-auditor`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			body, err := readPayload(file)
			if err != nil {
				return err
			}
			return incidentTx(cmd, "incident_open", body)
		},
	})
	open.Flags().StringVar(&file, "payload", "", "JSON file: type, severity (1=Ⅰ … 4=Ⅳ), departments, components, description")
	_ = open.MarkFlagRequired("payload")
	var kind, text string
	update := txFlags(&cobra.Command{
		Use:   "update ID --kind note|action --text TEXT --from KEY",
		Short: "Add a timeline entry: what was seen (note) or done (action)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0], "incident")
			if err != nil {
				return err
			}
			return incidentTx(cmd, "incident_update", governance.UpdateIncident{Incident: id, Kind: kind, Text: text})
		},
	})
	update.Flags().StringVar(&kind, "kind", governance.EntryNote, "note or action")
	update.Flags().StringVar(&text, "text", "", "the entry")
	var review string
	closeCmd := txFlags(&cobra.Command{
		Use:   "close ID --review TEXT --from KEY",
		Short: "Close an incident with its review",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0], "incident")
			if err != nil {
				return err
			}
			return incidentTx(cmd, "incident_close", governance.CloseIncident{Incident: id, Review: review})
		},
	})
	closeCmd.Flags().StringVar(&review, "review", "", "what happened, why, and what changes")
	publish := txFlags(&cobra.Command{
		Use:   "publish ID --from KEY",
		Short: "Make a closed incident's review public (admin of the opening department)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0], "incident")
			if err != nil {
				return err
			}
			return incidentTx(cmd, "incident_publish", governance.PublishIncident{Incident: id})
		},
	})
	summary := readFlags(&cobra.Command{
		Use:   "summary",
		Short: "The public summary: counts by severity and state, published reviews",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var s governance.Summary
			if err := getJSON(cmd, "/api/v1/incidents", &s); err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(s)
			}
			fmt.Printf("%d incidents\n", s.Total)
			for _, l := range []string{"I", "II", "III", "IV"} {
				fmt.Printf("  severity %-3s open %d, closed %d\n", l, s.BySeverity[l]["open"], s.BySeverity[l]["closed"])
			}
			for _, p := range s.Published {
				fmt.Printf("#%d %s (%s, %s) closed %s: %s\n", p.ID, p.Type, p.Severity, strings.Join(p.Departments, ","), p.Closed.Local().Format(time.RFC3339), p.Review)
			}
			return nil
		},
	})
	show := readFlags(&cobra.Command{
		Use:   "show ID",
		Short: "One incident with its timeline (read from state: whoever reaches a node's API can read it)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0], "incident")
			if err != nil {
				return err
			}
			var in governance.Incident
			if err := stateRecord(cmd, string(governance.IncidentKey(id)), &in); err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(in)
			}
			fmt.Printf("incident %d: %s, severity %s, %s; departments %s; components %s\n  opened %s by %s (%s)\n  %s\n", in.ID, in.Type,
				governance.Roman(in.Severity), in.State, strings.Join(in.Departments, ","), strings.Join(in.Components, ","),
				in.Opened.Local().Format(time.RFC3339), in.Opener, in.Department, in.Description)
			for _, e := range in.Timeline {
				fmt.Printf("  %s  %-6s %s (%s)\n", e.Time.Local().Format(time.RFC3339), e.Kind, e.Text, e.Department)
			}
			if in.Review != nil {
				fmt.Printf("  review (%s, public: %v): %s\n", in.Review.Department, in.Public, in.Review.Text)
			}
			return nil
		},
	})
	cmd.AddCommand(open, update, closeCmd, publish, summary, show)
	return cmd
}

// stateRecord reads and decodes one state record through the node API.
func stateRecord(cmd *cobra.Command, key string, out any) error {
	var st api.StateResponse
	if err := getJSON(cmd, "/api/v1/state?key="+url.QueryEscape(key), &st); err != nil {
		return err
	}
	b, err := hex.DecodeString(st.ValueHex)
	if err != nil {
		return err
	}
	if len(b) == 0 {
		return fmt.Errorf("no record %s", key)
	}
	return module.UnmarshalState(b, out)
}

func incidentTx(cmd *cobra.Command, action string, payload any) error {
	_, res, err := govTx(cmd, action, payload)
	if err != nil {
		return err
	}
	if asJSON(cmd) {
		return printJSON(res)
	}
	if action == "incident_open" {
		// The id is the incident counter's value after the commit.
		var st api.StateResponse
		if err := getJSON(cmd, "/api/v1/state?key=governance/seq/incident", &st); err == nil {
			if b, err := hex.DecodeString(st.ValueHex); err == nil && len(b) == 8 {
				fmt.Printf("incident %d opened at height %d\n", binary.BigEndian.Uint64(b), res.Height)
				return nil
			}
		}
	}
	fmt.Printf("committed at height %d (tx %s)\n", res.Height, res.Hash)
	return nil
}
