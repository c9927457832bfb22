package cli

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/module/workflow"
)

func newProcessCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "process",
		Short: "Read process definitions and their versions",
		Long: `Process definitions are chain state, versioned: new cases start on the latest
version, open cases finish on the one they started with. A process of one
department is republished by its admin (workflow publish_definition); one that
involves several departments changes only by a passed proposal:

  govchain process show land-use --draft > v.json     # edit v.json
  govchain gov propose --type process --payload v.json --summary "..." --from nrb-admin

See docs/governance.md, "Changing a process".`,
	}
	cmd.AddCommand(newProcessListCmd(), newProcessShowCmd())
	return cmd
}

func newProcessListCmd() *cobra.Command {
	return readFlags(&cobra.Command{
		Use:   "list",
		Short: "Every process, latest version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var list api.ProcessList
			if err := getJSON(cmd, "/api/v1/processes", &list); err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(list)
			}
			tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tVERSION\tOWNER\tDEPARTMENTS\tCHANGED BY\tNAME")
			for _, p := range list.Processes {
				by := "its admin"
				if p.NeedsProposal {
					by = "proposal"
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", p.ID, p.Version, p.Owner, strings.Join(p.Departments, ","), by, p.NameZH)
			}
			return tw.Flush()
		},
	})
}

func newProcessShowCmd() *cobra.Command {
	var version uint32
	var draft bool
	return readFlags(func() *cobra.Command {
		cmd := &cobra.Command{
			Use:   "show ID [--version N] [--draft]",
			Short: "A process's versions and the steps of one (the latest by default)",
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				var pv api.ProcessVersions
				if err := getJSON(cmd, "/api/v1/processes/"+url.PathEscape(args[0]), &pv); err != nil {
					return err
				}
				d := pv.Versions[len(pv.Versions)-1]
				if version != 0 {
					if version > pv.Latest {
						return fmt.Errorf("%s has versions 1 to %d, not %d", pv.ID, pv.Latest, version)
					}
					d = pv.Versions[version-1]
				}
				if draft {
					return printJSON(nextDraft(d, pv.Latest))
				}
				if asJSON(cmd) {
					if version != 0 {
						return printJSON(d)
					}
					return printJSON(pv)
				}
				printProcess(pv, d)
				return nil
			},
		}
		cmd.Flags().Uint32Var(&version, "version", 0, "version to show (default the latest)")
		cmd.Flags().BoolVar(&draft, "draft", false, "print the version as the payload of a process proposal for the next version, to edit")
		return cmd
	}())
}

// nextDraft is d without the fields the chain sets, naming the version
// after latest: a proposal of it fails if another version lands first.
func nextDraft(d *workflow.Definition, latest uint32) workflow.Definition {
	out := *d
	out.PublishedAt, out.PublishedBy, out.Height, out.Proposal = time.Time{}, "", 0, 0
	out.Version = latest + 1
	return out
}

func printProcess(pv api.ProcessVersions, d *workflow.Definition) {
	fmt.Printf("process %s — %s (%s), owner %s\n", pv.ID, d.NameZH, d.NameEN, d.Owner)
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  VERSION\tHEIGHT\tPUBLISHED\tBY")
	for _, v := range pv.Versions {
		by := v.PublishedBy
		if v.Proposal != 0 {
			by = fmt.Sprintf("proposal %d", v.Proposal)
		}
		fmt.Fprintf(tw, "  %d\t%d\t%s\t%s\n", v.Version, v.Height, v.PublishedAt.Local().Format(time.RFC3339), by)
	}
	_ = tw.Flush()
	fmt.Printf("version %d, departments %s, start %s\n", d.Version, strings.Join(d.Involved(), ", "), d.Start)
	tw = tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  STEP\tKIND\tDEPARTMENT\tDAYS\tNAME")
	for _, s := range d.Steps {
		dept := s.Department
		if len(s.Branches) > 0 {
			var ds []string
			for _, b := range s.Branches {
				ds = append(ds, b.Department)
			}
			dept = strings.Join(ds, "+")
		}
		days := ""
		if s.TimeLimitDays > 0 {
			days = fmt.Sprint(s.TimeLimitDays)
		}
		if s.DurationDays > 0 {
			days += fmt.Sprintf(" (notice %d)", s.DurationDays)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", s.ID, s.Kind, dept, days, s.NameZH)
	}
	_ = tw.Flush()
}
