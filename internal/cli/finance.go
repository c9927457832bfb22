package cli

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/identity"
)

// sealClearPayee does the client's part of finance.request_payment,
// finance.record_revenue and land.record_fee: the payee or payer written
// in clear in the payload is sealed for the chain's payee readers (read
// from the node: finance params and the departments' encryption keys)
// before the tx is signed. Other actions pass through unchanged.
func sealClearPayee(ctx context.Context, c *client.Client, s cryptosuite.Suite, mod, action string, payload []byte) ([]byte, error) {
	if _, _, ok := finance.ClearPayeeField(mod, action); !ok {
		return payload, nil
	}
	params := finance.DefaultParams()
	var st api.StateResponse
	if err := c.Get(ctx, "/api/v1/state?key="+url.QueryEscape("finance/params"), &st); err == nil {
		raw, err := base64.StdEncoding.DecodeString(st.Value)
		if err != nil {
			return nil, err
		}
		if err := module.UnmarshalState(raw, &params); err != nil {
			return nil, fmt.Errorf("finance params: %w", err)
		}
	} // else: a chain whose genesis has no finance entry runs on the defaults
	var depts []identity.Department
	if err := c.Get(ctx, "/api/v1/departments", &depts); err != nil {
		return nil, err
	}
	keys := map[string][]byte{}
	for _, d := range depts {
		keys[d.ID] = d.EncryptionKey
	}
	ps, err := finance.NewPayeeSealerFor(s, params.PayeeReaders, keys)
	if err != nil {
		return nil, err
	}
	return ps.SealPayload(mod, action, payload)
}

// paymentOf reads a payment record from the node's state.
func paymentOf(ctx context.Context, c *client.Client, id string) (*finance.Payment, error) {
	var st api.StateResponse
	if err := c.Get(ctx, "/api/v1/state?key="+url.QueryEscape(string(finance.PaymentKey(id))), &st); err != nil {
		return nil, err
	}
	raw, err := base64.StdEncoding.DecodeString(st.Value)
	if err != nil {
		return nil, err
	}
	var p finance.Payment
	if err := module.UnmarshalState(raw, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

func newFinanceCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "finance", Short: "Payee data of public finance: open it as a reader, verify it against the chain"}
	var dept, passFile, dataFile string
	open := &cobra.Command{
		Use:   "open-payee PAYMENT-ID --department fin|aud",
		Short: "Decrypt a payment's sealed payee with the department's data key and check it against the commitment on chain",
		Long: `open-payee reads the payment record from the node, unwraps the data key with
the department's data key (keyring key DEPT-data) and prints the payee in clear,
with its salt, after checking that it hashes to the commitment on chain. It runs
on the reader's own machine: record the reading in your department's register
(the console writes it to the node's access log).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			key, suite, err := loadSigningKey(cmd, dept+"-data", passFile)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			pay, err := paymentOf(ctx, client.New(nodeURL(cmd)), args[0])
			if err != nil {
				return err
			}
			d, err := finance.OpenPayee(suite, &pay.Payee, dept, key)
			if err != nil {
				return err
			}
			return printJSON(map[string]any{"payment": pay.ID, "payee": d, "commitment": pay.Payee.Commitment, "commitment_verified": true})
		},
	}
	open.Flags().StringVar(&dept, "department", "", "reader department whose data key opens it (fin or aud)")
	open.Flags().StringVar(&passFile, "passphrase-file", "", "file holding the data key's passphrase")
	verify := &cobra.Command{
		Use:   "verify-payee PAYMENT-ID --data PAYEE.json",
		Short: "Check opened payee data (with its salt) against the commitment and public fields on chain; needs no key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := os.ReadFile(dataFile)
			if err != nil {
				return err
			}
			var in struct {
				Payee *finance.PayeeData `json:"payee"`
			}
			var d finance.PayeeData
			if json.Unmarshal(b, &in) == nil && in.Payee != nil {
				d = *in.Payee // the output of open-payee
			} else if err := json.Unmarshal(b, &d); err != nil {
				return fmt.Errorf("%s: %w", dataFile, err)
			}
			_, suite, err := openKeyringSuite(cmd)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			pay, err := paymentOf(ctx, client.New(nodeURL(cmd)), args[0])
			if err != nil {
				return err
			}
			if err := finance.VerifyPayee(suite, &pay.Payee, &d); err != nil {
				return &exitError{code: 2, err: err}
			}
			return printJSON(map[string]any{"payment": pay.ID, "commitment": pay.Payee.Commitment, "commitment_verified": true})
		},
	}
	verify.Flags().StringVar(&dataFile, "data", "", "the opened payee (open-payee's output or {kind,name,account,credit_code,salt})")
	_ = verify.MarkFlagRequired("data")
	_ = open.MarkFlagRequired("department")
	for _, c := range []*cobra.Command{open, verify} {
		c.Flags().String("keyring-dir", "", "keyring directory (default HOME/keyring)")
		c.Flags().String("suite", "", "crypto suite (default: the home's genesis suite)")
		addNodeFlag(c)
		cmd.AddCommand(c)
	}
	return cmd
}
