package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/node"
)

// sharingTx signs and sends one sharing tx with --from. build makes the
// payload once the suite is known (record-access hashes a file with it).
func sharingTx(cmd *cobra.Command, action string, build func(cryptosuite.Suite) (any, error)) (*sharingResult, error) {
	addr, res, err := sendTx(cmd, "sharing", action, build)
	if err != nil {
		return nil, err
	}
	return &sharingResult{SubmitResult: res, Address: addr}, nil
}

// sharingResult is a committed tx and who signed it (the result has no
// events: a new record is found by its signer and height).
type sharingResult struct {
	*node.SubmitResult
	Address string `json:"address"`
}

func splitFields(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func newSharingCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sharing",
		Short: "Cross-department data sharing: catalogue, requests, grants, access records, statistics",
		Long: `A department registers its data resources in the catalogue with a share class
(unconditional, conditional, none); other departments request fields of them;
unconditional requests are granted at once, conditional ones answered by the
owner within sharing.answer_days working days or escalated to the data bureau,
which also decides requests for not-shared resources made on a legal basis.
The data never goes on chain: each delivery is recorded with its hash.
See docs/data-sharing.md.`,
	}
	cmd.AddCommand(newSharingCatalogCmd(), newSharingResourceCmd(), newSharingRegisterCmd(), newSharingRetireCmd(),
		newSharingRequestCmd(), newSharingDecideCmd("answer"), newSharingDecideCmd("arbitrate"), newSharingRevokeCmd(),
		newSharingAccessCmd(), newSharingFetchCmd(), newSharingAttachCmd(), newSharingRequestsCmd(), newSharingShowCmd(), newSharingStatsCmd())
	return cmd
}

func newSharingCatalogCmd() *cobra.Command {
	var dept, class string
	var retired bool
	cmd := &cobra.Command{
		Use:   "catalog [--department D] [--class C] [--retired]",
		Short: "The data resource catalogue",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q := url.Values{}
			if dept != "" {
				q.Set("department", dept)
			}
			if class != "" {
				q.Set("share_class", class)
			}
			if retired {
				q.Set("retired", "true")
			}
			var list api.CatalogList
			if err := getJSON(cmd, "/api/v1/sharing/catalog?"+q.Encode(), &list); err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(list)
			}
			tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tDEPARTMENT\tCLASS\tVERSION\tFIELDS\tNAME")
			for _, r := range list.Resources {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", r.ID, r.Department, r.Current.ShareClass, r.Current.Version, len(r.Current.Fields), r.Current.NameZH)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&dept, "department", "", "owner department")
	cmd.Flags().StringVar(&class, "class", "", "unconditional, conditional or none")
	cmd.Flags().BoolVar(&retired, "retired", false, "retired entries only")
	return readFlags(cmd)
}

func newSharingResourceCmd() *cobra.Command {
	return readFlags(&cobra.Command{
		Use:   "resource ID",
		Short: "A catalogue entry with its fields and versions",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var v api.ResourceView
			if err := getJSON(cmd, "/api/v1/sharing/catalog/"+url.PathEscape(args[0]), &v); err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(v)
			}
			c := v.Current
			fmt.Printf("%s (%s) v%d — %s / %s\n", v.ID, v.Department, c.Version, c.NameZH, c.NameEN)
			fmt.Printf("  class      %s\n", c.ShareClass)
			if c.LegalBasis != "" {
				fmt.Printf("  basis      %s\n", c.LegalBasis)
			}
			fmt.Printf("  updated    %s, open to public: %v\n", c.Frequency, c.OpenToPublic)
			if v.Retired != nil {
				fmt.Printf("  RETIRED    %s: %s\n", v.Retired.Local().Format(time.RFC3339), v.RetiredWhy)
			}
			tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "  FIELD\tTYPE\tPERSONAL\tSENSITIVE")
			for _, f := range c.Fields {
				fmt.Fprintf(tw, "  %s\t%s\t%v\t%v\n", f.Name, f.Type, f.Personal, f.Sensitive)
			}
			fmt.Fprintf(tw, "  versions: %d\n", len(v.Versions))
			return tw.Flush()
		},
	})
}

func newSharingRegisterCmd() *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "register --payload FILE --from KEY",
		Short: "Register a data resource, or a new version of one of your department's",
		Example: `  govchain sharing register --payload docs/examples/sharing/register_resource.json --from eeb-admin
  (fields: id, name_zh, name_en, description, fields [{name, type, personal, sensitive}],
   share_class, legal_basis, update_frequency, open_to_public)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := readPayload(file)
			if err != nil {
				return err
			}
			res, err := sharingTx(cmd, "register_resource", fixed(p))
			if err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(res)
			}
			var id struct {
				ID string `json:"id"`
			}
			_ = json.Unmarshal(p, &id)
			fmt.Printf("registered %s at height %d\n", id.ID, res.Height)
			return nil
		},
	}
	cmd.Flags().StringVar(&file, "payload", "", "JSON payload file (- for stdin)")
	_ = cmd.MarkFlagRequired("payload")
	return txFlags(cmd)
}

func newSharingRetireCmd() *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "retire ID --reason TEXT --from KEY",
		Short: "Retire a resource of your department (its history stays)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := sharingTx(cmd, "retire_resource", fixed(sharing.RetireResource{ID: args[0], Reason: reason}))
			return err
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why (required)")
	return txFlags(cmd)
}

func newSharingRequestCmd() *cobra.Command {
	var fields, purpose, basis, caseNo string
	var days uint32
	cmd := &cobra.Command{
		Use:     "request RESOURCE --fields a,b --purpose TEXT [--legal-basis TEXT] [--case NO] [--days N] --from KEY",
		Short:   "Ask another department for fields of a resource",
		Example: `  govchain sharing request eeb-eia-approvals --fields parcel_id,conclusion --purpose "审查建设用地申请" --case LAND-2026-000004 --days 30 --from hub-reviewer`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := sharingTx(cmd, "request", fixed(sharing.RequestData{Resource: args[0], Fields: splitFields(fields),
				Purpose: purpose, LegalBasis: basis, CaseNo: caseNo, DurationDays: days}))
			if err != nil {
				return err
			}
			var list api.RequestList
			if err := getJSON(cmd, "/api/v1/sharing/requests?resource="+url.QueryEscape(args[0]), &list); err != nil {
				return err
			}
			for _, r := range list.Requests {
				if r.RequestedBy == res.Address && r.Height == res.Height {
					return showSharingRequest(cmd, fmt.Sprint(r.ID))
				}
			}
			return printJSON(res)
		},
	}
	cmd.Flags().StringVar(&fields, "fields", "", "comma-separated field names (required)")
	cmd.Flags().StringVar(&purpose, "purpose", "", "what the data is for (required; no personal data: it is public)")
	cmd.Flags().StringVar(&basis, "legal-basis", "", "law or policy the request rests on (required for a not-shared resource)")
	cmd.Flags().StringVar(&caseNo, "case", "", "case number the request serves")
	cmd.Flags().Uint32Var(&days, "days", 30, "how many days the data is needed")
	return txFlags(cmd)
}

func newSharingDecideCmd(action string) *cobra.Command {
	var fields, until, reason, text string
	var days int
	var uses uint32
	short := "Answer a pending request for your department's resource (before its deadline)"
	if action == "arbitrate" {
		short = "Decide, for the data bureau, a request sent to arbitration (final)"
	}
	cmd := &cobra.Command{
		Use:   action + " ID grant|refuse [--fields a,b --valid-days N | --valid-until RFC3339] [--max-uses N] [--reason CODE --text TEXT] --from KEY",
		Short: short,
		Example: `  govchain sharing ` + action + ` 3 grant --fields parcel_id,conclusion --valid-days 30 --from eeb-reviewer
  govchain sharing ` + action + ` 4 refuse --reason purpose --text "用途与所申请字段无关" --from eeb-reviewer`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0], "request")
			if err != nil {
				return err
			}
			d := sharing.Decide{Request: id, Decision: args[1], MaxUses: uses, Reason: reason, ReasonText: text}
			if args[1] == sharing.DecisionGrant {
				d.Fields = splitFields(fields)
				switch {
				case until != "":
					t, err := time.Parse(time.RFC3339, until)
					if err != nil {
						return fmt.Errorf("--valid-until: %w", err)
					}
					d.ValidUntil = &t
				case days > 0:
					// From the latest block's time, not this machine's clock:
					// the chain allows at most the days requested from the
					// answering block's time, which is never earlier.
					ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
					st, err := client.New(nodeURL(cmd)).Status(ctx)
					cancel()
					if err != nil {
						return err
					}
					t := st.LatestBlockTime.UTC().AddDate(0, 0, days).Truncate(time.Second)
					d.ValidUntil = &t
				}
			}
			if _, err := sharingTx(cmd, action, fixed(d)); err != nil {
				return err
			}
			return showSharingRequest(cmd, args[0])
		},
	}
	cmd.Flags().StringVar(&fields, "fields", "", "granted fields, a subset of those requested")
	cmd.Flags().StringVar(&until, "valid-until", "", "grant valid until (RFC 3339)")
	cmd.Flags().IntVar(&days, "valid-days", 0, "grant valid for N days from now (within the days requested)")
	cmd.Flags().Uint32Var(&uses, "max-uses", 0, "deliveries allowed (0: no limit)")
	cmd.Flags().StringVar(&reason, "reason", "", "refusal reason code: "+strings.Join(sharing.RefusalReasons(), ", "))
	cmd.Flags().StringVar(&text, "text", "", "refusal reason in words (required for a refusal)")
	return txFlags(cmd)
}

func newSharingRevokeCmd() *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "revoke GRANT --reason TEXT --from KEY",
		Short: "Revoke a grant of your department's resource: the next delivery is refused",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0], "grant")
			if err != nil {
				return err
			}
			if _, err := sharingTx(cmd, "revoke", fixed(sharing.Revoke{Grant: id, Reason: reason})); err != nil {
				return err
			}
			return showSharingRequest(cmd, args[0])
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why (required)")
	return txFlags(cmd)
}

func newSharingAccessCmd() *cobra.Command {
	var fields, purpose, requester, file, hash string
	cmd := &cobra.Command{
		Use:   "record-access GRANT --fields a,b --purpose TEXT (--file DELIVERED | --hash HEX) [--requester ADDR] --from KEY",
		Short: "Record a delivery under a grant with the hash of what was delivered (owner's account)",
		Long: `record-access checks the grant on chain (fields, validity, use count,
revocation) and records the delivery. With --file the hash is computed here with
the chain's hash (SM3 on gm chains, SHA-256 on intl) over the exact bytes sent;
the file itself never leaves this machine.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0], "grant")
			if err != nil {
				return err
			}
			res, err := sharingTx(cmd, "record_access", func(s cryptosuite.Suite) (any, error) {
				h := module.Hash(hash)
				if file != "" {
					b, err := os.ReadFile(file)
					if err != nil {
						return nil, err
					}
					h = module.HashOf(s.Hash(b))
				}
				return sharing.RecordAccess{Grant: id, Fields: splitFields(fields), Purpose: purpose, RequesterAccount: requester, DeliveredHash: h}, nil
			})
			if err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(res)
			}
			var list []*sharing.Access
			if err := getJSON(cmd, fmt.Sprintf("/api/v1/sharing/access?grant=%d", id), &list); err != nil {
				return err
			}
			for _, a := range list {
				if a.RecordedBy == res.Address && a.Height == res.Height {
					fmt.Printf("access %d recorded under grant %d: %s\n", a.ID, id, a.DeliveredHash)
					return nil
				}
			}
			return printJSON(res)
		},
	}
	cmd.Flags().StringVar(&fields, "fields", "", "fields delivered (comma-separated)")
	cmd.Flags().StringVar(&purpose, "purpose", "", "purpose of this delivery")
	cmd.Flags().StringVar(&requester, "requester", "", "address of the requesting staff account")
	cmd.Flags().StringVar(&file, "file", "", "the delivered bytes, to hash")
	cmd.Flags().StringVar(&hash, "hash", "", "hash of the delivered bytes (64 lower-case hex digits)")
	return txFlags(cmd)
}

func newSharingRequestsCmd() *cobra.Command {
	var dept, state string
	cmd := &cobra.Command{
		Use:   "requests [--department D] [--state S]",
		Short: "Sharing requests: with the data bureau first, then newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q := url.Values{}
			if dept != "" {
				q.Set("department", dept)
			}
			if state != "" {
				q.Set("state", state)
			}
			var list api.RequestList
			if err := getJSON(cmd, "/api/v1/sharing/requests?"+q.Encode(), &list); err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(list)
			}
			tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tRESOURCE\tOWNER\tREQUESTER\tSTATE\tDEADLINE\tFIELDS")
			for _, r := range list.Requests {
				dl := "-"
				if r.Deadline != nil {
					dl = r.Deadline.In(module.CST()).Format("2006-01-02 15:04")
				}
				st := r.State
				if r.Overdue {
					st += " (overdue)"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Resource, r.Owner, r.Requester, st, dl, strings.Join(r.Fields, ","))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&dept, "department", "", "owner or requesting department")
	cmd.Flags().StringVar(&state, "state", "", "pending, arbitration, granted or refused")
	return readFlags(cmd)
}

func newSharingShowCmd() *cobra.Command {
	return readFlags(&cobra.Command{
		Use:   "show ID",
		Short: "A request with its answer and grant",
		Args:  cobra.ExactArgs(1),
		RunE:  func(cmd *cobra.Command, args []string) error { return showSharingRequest(cmd, args[0]) },
	})
}

func showSharingRequest(cmd *cobra.Command, id string) error {
	var r sharing.Request
	if err := getJSON(cmd, "/api/v1/sharing/requests/"+url.PathEscape(id), &r); err != nil {
		return err
	}
	if asJSON(cmd) {
		return printJSON(r)
	}
	fmt.Printf("request %d: %s of %s for %s — %s\n", r.ID, r.Resource, r.Owner, r.Requester, strings.ToUpper(r.State))
	fmt.Printf("  fields    %s\n  purpose   %s\n", strings.Join(r.Fields, ", "), r.Purpose)
	if r.Deadline != nil {
		fmt.Printf("  deadline  %s CST\n", r.Deadline.In(module.CST()).Format("2006-01-02 15:04"))
	}
	if r.Escalation != "" {
		fmt.Printf("  escalated %s (%s)\n", r.Escalation, r.Escalated.In(module.CST()).Format("2006-01-02 15:04"))
	}
	if a := r.Answer; a != nil {
		fmt.Printf("  answer    by %s (%s), %d working days, final %v %s %s\n", a.By, a.Department, a.WorkingDays, a.Final, a.Reason, a.ReasonText)
	}
	if g := r.Grant; g != nil {
		fmt.Printf("  grant     %s until %s, uses %d of %d (0: no limit)\n", strings.Join(g.Fields, ", "), g.ValidUntil.In(module.CST()).Format("2006-01-02 15:04"), g.Uses, g.MaxUses)
		if g.Revoked != nil {
			fmt.Printf("  REVOKED   %s: %s\n", g.Revoked.In(module.CST()).Format("2006-01-02 15:04"), g.RevokedWhy)
		}
	}
	return nil
}

func newSharingStatsCmd() *cobra.Command {
	var dept, month, by string
	cmd := &cobra.Command{
		Use:   "stats [--by owner|requester] [--department D] [--month YYYY-MM]",
		Short: "Sharing statistics by department (asked or asking) and month",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q := url.Values{}
			if dept != "" {
				q.Set("department", dept)
			}
			if month != "" {
				q.Set("month", month)
			}
			if by != "" {
				q.Set("by", by)
			}
			var st api.SharingStats
			if err := getJSON(cmd, "/api/v1/sharing/stats?"+q.Encode(), &st); err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(st)
			}
			tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "DEPARTMENT\tMONTH\tREQUESTS\tGRANTS\tREFUSALS\tPENDING\tARBITRATION\tOVERDUE\tARB. OVERDUE\tMEDIAN DAYS\tSAVED")
			for _, r := range st.Rows {
				med := "-"
				if r.MedianAnswerDays != nil {
					med = fmt.Sprint(*r.MedianAnswerDays)
				}
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%d\n", r.Department, r.Month, r.Requests, r.Grants, r.Refusals, r.Pending,
					r.Arbitration, r.Overdue, r.ArbitrationOverdue, med, r.MaterialsSaved)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&dept, "department", "", "department")
	cmd.Flags().StringVar(&month, "month", "", "YYYY-MM (CST)")
	cmd.Flags().StringVar(&by, "by", "", "owner (the department asked, default) or requester (the department asking)")
	return readFlags(cmd)
}

func newSharingAttachCmd() *cobra.Command {
	var caseNo string
	cmd := &cobra.Command{
		Use:   "attach ACCESS --case CASE --from KEY",
		Short: "Use a delivery in a case your department is reviewing, instead of a material from the applicant (减材料)",
		Long: `attach records that the review of CASE took the data of delivery ACCESS (an
access record of a grant made for that case, delivered to your department), so
the applicant hands nothing in for it. The case's timeline tells the applicant so;
the statistics count the material saved. Your department must have an open step
of the case.`,
		Example: `  govchain sharing attach 1 --case LAND-2026-000006 --from hub-reviewer`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0], "access")
			if err != nil {
				return err
			}
			res, err := sharingTx(cmd, "attach_to_case", fixed(sharing.AttachToCase{Case: caseNo, Access: id}))
			if err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(res)
			}
			fmt.Printf("delivery %d attached to case %s at height %d\n", id, caseNo, res.Height)
			return nil
		},
	}
	cmd.Flags().StringVar(&caseNo, "case", "", "case number (required)")
	return txFlags(cmd)
}
