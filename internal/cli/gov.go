package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/node"
)

// govTx sends one governance tx (sendTx); callers that report more use the
// signer's address and the result.
func govTx(cmd *cobra.Command, action string, payload any) (string, *node.SubmitResult, error) {
	return sendTx(cmd, "governance", action, fixed(payload))
}

func asJSON(cmd *cobra.Command) bool { j, _ := cmd.Flags().GetBool("json"); return j }

// txFlags adds what every signing subcommand takes.
func txFlags(cmd *cobra.Command) *cobra.Command {
	cmd.Flags().String("from", "", "keyring key to sign with (a department admin)")
	cmd.Flags().String("passphrase-file", "", "file holding the key's passphrase")
	cmd.Flags().String("keyring-dir", "", "keyring directory (default HOME/keyring)")
	cmd.Flags().String("suite", "", "crypto suite (default: the home's genesis suite)")
	_ = cmd.MarkFlagRequired("from")
	return readFlags(cmd)
}

// readFlags adds what every subcommand takes.
func readFlags(cmd *cobra.Command) *cobra.Command {
	cmd.Flags().Bool("json", false, "print JSON")
	addNodeFlag(cmd)
	return cmd
}

func getJSON(cmd *cobra.Command, path string, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return client.New(nodeURL(cmd)).Get(ctx, path, out)
}

// readPayload reads a JSON file, or stdin for "-".
func readPayload(file string) (json.RawMessage, error) {
	var b []byte
	var err error
	if file == "-" {
		b, err = io.ReadAll(io.LimitReader(os.Stdin, 1<<20))
	} else {
		b, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, fmt.Errorf("payload: %w", err)
	}
	if !json.Valid(b) {
		return nil, fmt.Errorf("payload %s is not JSON", file)
	}
	return b, nil
}

func parseID(s, what string) (uint64, error) {
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil || id == 0 {
		return 0, fmt.Errorf("%s %q must be a positive integer", what, s)
	}
	return id, nil
}

func newGovCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "gov",
		Short: "Propose, vote on and read governance proposals and parameters",
		Long: `Departments decide together: a department admin proposes (their department
votes yes), the admins of the other departments vote yes, no or abstain, and a
proposal passes or fails as soon as the outcome can no longer change, or at its
deadline. See docs/governance.md.`,
	}
	cmd.AddCommand(newGovProposeCmd(), newGovVoteCmd(), newGovWithdrawCmd(), newGovShowCmd(), newGovListCmd(), newGovParamsCmd(), newGovUpgradesCmd())
	return cmd
}

func newGovProposeCmd() *cobra.Command {
	var typ, file, summary string
	cmd := &cobra.Command{
		Use:   "propose --type TYPE --payload FILE --from KEY",
		Short: "Open a proposal: " + strings.Join(governance.Types(), ", "),
		Example: `  echo '{"name": "feedback.rectify_days", "value": 10}' > p.json
  govchain gov propose --type param --payload p.json --summary "10 days to rectify" --from nrb-admin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			body, err := readPayload(file)
			if err != nil {
				return err
			}
			addr, res, err := govTx(cmd, "propose", governance.Propose{Type: typ, Payload: body, Summary: summary})
			if err != nil {
				return err
			}
			// The tx result has no events: find the proposal it opened.
			var list api.ProposalList
			if err := getJSON(cmd, "/api/v1/gov/proposals", &list); err != nil {
				return err
			}
			for _, p := range list.Proposals {
				if p.Proposer == addr && p.Height == res.Height {
					if asJSON(cmd) {
						return printJSON(p)
					}
					fmt.Printf("proposal %d (%s %s) is %s; voting closes %s\n", p.ID, p.Type, p.Target, p.State, p.Deadline.Local().Format(time.RFC3339))
					return nil
				}
			}
			return printJSON(res)
		},
	}
	cmd.Flags().StringVar(&typ, "type", "", "proposal type: "+strings.Join(governance.Types(), ", "))
	cmd.Flags().StringVar(&file, "payload", "", "JSON payload file (- for stdin), e.g. {\"name\": \"feedback.rectify_days\", \"value\": 10}")
	cmd.Flags().StringVar(&summary, "summary", "", "one line saying why")
	_ = cmd.MarkFlagRequired("type")
	_ = cmd.MarkFlagRequired("payload")
	return txFlags(cmd)
}

func newGovVoteCmd() *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:     "vote ID yes|no|abstain --from KEY [--reason TEXT]",
		Short:   "Vote for your department (one vote per department, final)",
		Example: `  govchain gov vote 1 yes --from fin-admin --reason "agreed at the 3 March meeting"`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0], "proposal")
			if err != nil {
				return err
			}
			if _, _, err := govTx(cmd, "vote", governance.VoteRequest{Proposal: id, Choice: args[1], Reason: reason}); err != nil {
				return err
			}
			return showProposal(cmd, id)
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why (recorded with the vote)")
	return txFlags(cmd)
}

func newGovWithdrawCmd() *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "withdraw ID --reason TEXT --from KEY",
		Short: "Withdraw an open proposal of your department",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0], "proposal")
			if err != nil {
				return err
			}
			if _, _, err := govTx(cmd, "withdraw", governance.Withdraw{Proposal: id, Reason: reason}); err != nil {
				return err
			}
			return showProposal(cmd, id)
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why (required)")
	return txFlags(cmd)
}

func newGovShowCmd() *cobra.Command {
	return readFlags(&cobra.Command{
		Use:   "show ID",
		Short: "A proposal with its policy, votes and tally",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0], "proposal")
			if err != nil {
				return err
			}
			return showProposal(cmd, id)
		},
	})
}

func showProposal(cmd *cobra.Command, id uint64) error {
	var p governance.Proposal
	if err := getJSON(cmd, fmt.Sprintf("/api/v1/gov/proposals/%d", id), &p); err != nil {
		return err
	}
	if asJSON(cmd) {
		return printJSON(p)
	}
	fmt.Printf("proposal %d: %s %s — %s\n", p.ID, p.Type, p.Target, strings.ToUpper(p.State))
	var compact bytes.Buffer
	if json.Compact(&compact, p.Payload) != nil {
		compact.Write(p.Payload)
	}
	fmt.Printf("  payload   %s\n", compact.Bytes())
	if p.Summary != "" {
		fmt.Printf("  summary   %s\n", p.Summary)
	}
	fmt.Printf("  proposer  %s (%s) at height %d\n", p.Proposer, p.Department, p.Height)
	fmt.Printf("  deadline  %s\n", p.Deadline.Local().Format(time.RFC3339))
	fmt.Printf("  policy    quorum %d/%d of weight, approve > %d/%d of yes+no\n", p.Policy.Quorum.Num, p.Policy.Quorum.Den, p.Policy.Approve.Num, p.Policy.Approve.Den)
	t := p.Tally
	fmt.Printf("  tally     yes %d, no %d, abstain %d, not voted %d, total %d\n", t.Yes, t.No, t.Abstain, t.Remaining, t.Total)
	if p.Result != "" {
		fmt.Printf("  result    %s\n", p.Result)
	}
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  DEPARTMENT\tCHOICE\tVOTER\tHEIGHT\tREASON")
	for _, v := range p.Votes {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%s\n", v.Department, v.Choice, v.Voter, v.Height, v.Reason)
	}
	return tw.Flush()
}

func newGovListCmd() *cobra.Command {
	var state string
	return readFlags(func() *cobra.Command {
		cmd := &cobra.Command{
			Use:   "list [--state S]",
			Short: "Proposals, newest first",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				var list api.ProposalList
				if err := getJSON(cmd, "/api/v1/gov/proposals?state="+url.QueryEscape(state), &list); err != nil {
					return err
				}
				if asJSON(cmd) {
					return printJSON(list)
				}
				tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tTYPE\tTARGET\tSTATE\tYES\tNO\tABSTAIN\tTOTAL\tDEADLINE")
				for _, p := range list.Proposals {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", p.ID, p.Type, p.Target, p.State, p.Tally.Yes, p.Tally.No,
						p.Tally.Abstain, p.Tally.Total, p.Deadline.Local().Format(time.RFC3339))
				}
				return tw.Flush()
			},
		}
		cmd.Flags().StringVar(&state, "state", "", "only proposals in this state (voting, passed, rejected, expired, withdrawn, failed)")
		return cmd
	}())
}

func newGovParamsCmd() *cobra.Command {
	return readFlags(&cobra.Command{
		Use:   "params [NAME]",
		Short: "Every governable parameter with its value; with NAME, its history",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				var v api.ParamView
				if err := getJSON(cmd, "/api/v1/params/"+url.PathEscape(args[0]), &v); err != nil {
					return err
				}
				if asJSON(cmd) {
					return printJSON(v)
				}
				fmt.Printf("%s = %s (default %s)\n  %s\n", v.Name, v.Value, v.Default, v.Doc)
				for _, h := range v.History {
					by := "genesis"
					if h.Proposal != 0 {
						by = fmt.Sprintf("proposal %d", h.Proposal)
					}
					fmt.Printf("  height %d  %s  %s  by %s\n", h.Height, h.Time.Local().Format(time.RFC3339), h.Value, by)
				}
				return nil
			}
			var list []api.ParamView
			if err := getJSON(cmd, "/api/v1/params", &list); err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(list)
			}
			tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tVALUE\tDEFAULT")
			for _, v := range list {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", v.Name, v.Value, v.Default)
			}
			return tw.Flush()
		},
	})
}
