package cli

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/participant"
)

func newLandCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "land", Short: "Land-use approval helpers that need client-side work before `govchain tx`"}
	var from, parcel, use, passFile string
	var pd workflow.PersonalData
	var attach []string
	apply := &cobra.Command{
		Use:   "apply --from KEY --parcel ID --name NAME --id-number ID [--attach kind=sha256hex ...]",
		Short: "File a land-use application: seals the applicant's data for the process departments and prints the one-time access code",
		Long: `apply does what the window form does: it generates the applicant's access code
(printed once; only its hash goes on chain), encrypts the applicant's personal data
under a fresh data key wrapped for every department on the land process (their
encryption keys come from the chain), and sends land.apply signed with --from
(a Natural Resources Bureau clerk, or the gateway).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var atts []workflow.Attachment
			for _, a := range attach {
				kind, h, ok := strings.Cut(a, "=")
				b, err := hex.DecodeString(h)
				if !ok || err != nil || len(b) != 32 {
					return fmt.Errorf("--attach %q: want kind=<64 hex digits>", a)
				}
				atts = append(atts, workflow.Attachment{Kind: kind, Hash: b})
			}
			key, suite, err := loadSigningKey(cmd, from, passFile)
			if err != nil {
				return err
			}
			c := client.New(nodeURL(cmd))
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			var depts []identity.Department
			if err := c.Get(ctx, "/api/v1/departments", &depts); err != nil {
				return err
			}
			keys := map[string][]byte{}
			for _, d := range depts {
				keys[d.ID] = d.EncryptionKey
			}
			def, err := land.Process()
			if err != nil {
				return err
			}
			payload, code, err := land.NewApplicationFor(suite, def.Departments(), keys, parcel, use, pd, atts)
			if err != nil {
				return err
			}
			payload.Participant = applicantHash(cmd, suite, pd.Phone)
			signer, err := client.NewSigner(ctx, c, key, suite)
			if err != nil {
				return err
			}
			res, err := signer.Send(ctx, "land", "apply", payload)
			if err != nil {
				return err
			}
			if res.Code != 0 {
				printJSON(res)
				return &exitError{code: 2, err: fmt.Errorf("refused: %s (%s/%d)", res.Log, res.Codespace, res.Code)}
			}
			caseNo, err := lastCaseOfParcel(ctx, c, parcel)
			if err != nil {
				return err
			}
			return printJSON(map[string]any{"hash": res.Hash, "height": res.Height, "case": caseNo, "access_code": code,
				"note": "give the access code to the applicant now: it is not stored anywhere"})
		},
	}
	apply.Flags().StringVar(&from, "from", "", "keyring key to sign with (nrb clerk or gateway)")
	apply.Flags().StringVar(&parcel, "parcel", "", "parcel id from the registry")
	apply.Flags().StringVar(&use, "use", "", "intended use (default: the parcel's zoning)")
	apply.Flags().StringVar(&pd.Name, "name", "", "applicant's name (encrypted)")
	apply.Flags().StringVar(&pd.IDNumber, "id-number", "", "applicant's ID or credit code (encrypted)")
	apply.Flags().StringVar(&pd.Phone, "phone", "", "applicant's phone (encrypted)")
	apply.Flags().StringVar(&pd.Address, "address", "", "applicant's address (encrypted)")
	apply.Flags().StringArrayVar(&attach, "attach", nil, "attachment as kind=sha256hex (application_form and site_plan are required)")
	apply.Flags().StringVar(&passFile, "passphrase-file", "", "file holding the key's passphrase")
	apply.Flags().String("keyring-dir", "", "keyring directory (default HOME/keyring)")
	apply.Flags().String("suite", "", "crypto suite (default: the home's genesis suite)")
	addNodeFlag(apply)
	for _, f := range []string{"from", "parcel", "name", "id-number"} {
		_ = apply.MarkFlagRequired(f)
	}
	cmd.AddCommand(apply)
	return cmd
}

// lastCaseOfParcel reads the parcel record and returns its newest case.
func lastCaseOfParcel(ctx context.Context, c *client.Client, parcel string) (string, error) {
	var st api.StateResponse
	if err := c.Get(ctx, "/api/v1/state?key="+url.QueryEscape(string(land.ParcelKey(parcel))), &st); err != nil {
		return "", err
	}
	raw, err := base64.StdEncoding.DecodeString(st.Value)
	if err != nil {
		return "", err
	}
	var p land.Parcel
	if err := module.UnmarshalState(raw, &p); err != nil {
		return "", err
	}
	for i := len(p.History) - 1; i >= 0; i-- {
		if p.History[i].Case != "" {
			return p.History[i].Case, nil
		}
	}
	return "", fmt.Errorf("parcel %s has no case", parcel)
}

// applicantHash is the applicant's keyed participant hash when the home's
// keyring holds the city key (keyring/participant-hash.hmac), so the
// case's rating counts by person in the evaluation; "" otherwise.
func applicantHash(cmd *cobra.Command, suite cryptosuite.Suite, phone string) module.Hash {
	dir, _ := cmd.Flags().GetString("keyring-dir")
	if dir == "" {
		dir = node.Home(homeFlag(cmd)).KeyringDir()
	}
	pk, err := participant.Load(dir)
	if err != nil {
		return ""
	}
	h, err := pk.Hash(suite, phone, "")
	if err != nil {
		return ""
	}
	return h
}
