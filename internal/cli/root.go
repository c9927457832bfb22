// Package cli is the govchain command line: one file per subcommand.
package cli

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/logging"
)

// exitError carries a specific exit code (e.g. a refused tx).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

// Main runs the CLI and returns the process exit code.
func Main(args []string) int {
	root := newRoot()
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		var ee *exitError
		if errors.As(err, &ee) {
			return ee.code
		}
		return 1
	}
	return 0
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:           "govchain",
		Short:         "govchain — Pingshan's permissioned government blockchain (政务区块链平台)",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().String("home", defaultHome(), "node home directory")
	root.PersistentFlags().String("log-level", "info", "log level: debug, info, warn, error")
	root.PersistentFlags().String("log-format", logging.FormatText, "log format: text or json (one JSON object a line, with the node's department and height)")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		f, _ := cmd.Flags().GetString("log-format")
		if f != logging.FormatText && f != logging.FormatJSON {
			return fmt.Errorf("--log-format %q: want text or json", f)
		}
		return nil
	}
	root.AddCommand(newUpgradesCmd(), newLightCmd(), newDevCmd(), newInitCmd(), newStartCmd(), newTestnetCmd(), newKeysCmd(), newTxCmd(),
		newQueryCmd(), newStatusCmd(), newVerifyCmd(), newBenchCmd(), newReindexCmd(),
		newAuditCmd(), newExportCmd(), newImportCmd(), newLandCmd(), newFinanceCmd(), newGovCmd(), newProcessCmd(), newValidatorCmd(), newFreezeCmd(), newIncidentCmd(), newSharingCmd(), newCertsCmd(), newEvaluationCmd(), newRewrapCmd())
	return root
}

func defaultHome() string {
	if h := os.Getenv("GOVCHAIN_HOME"); h != "" {
		return h
	}
	dir, err := os.UserHomeDir()
	if err != nil {
		return ".govchain"
	}
	return filepath.Join(dir, ".govchain")
}

func homeFlag(cmd *cobra.Command) string {
	h, _ := cmd.Flags().GetString("home")
	return h
}

// nodeLogger is the logger on stderr in --log-format and the handle that
// adds the node's department and height to its lines once it runs.
func nodeLogger(cmd *cobra.Command) (*slog.Logger, *logging.Node) {
	lvl, _ := cmd.Flags().GetString("log-level")
	format, _ := cmd.Flags().GetString("log-format")
	var l slog.Level
	if err := l.UnmarshalText([]byte(lvl)); err != nil {
		l = slog.LevelInfo
	}
	lg, ln, err := logging.New(os.Stderr, format, l)
	if err != nil { // checked in PersistentPreRunE; text is the fallback
		lg, ln, _ = logging.New(os.Stderr, logging.FormatText, l)
	}
	return lg, ln
}
