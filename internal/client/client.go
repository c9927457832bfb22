// Package client talks to a govchain node's JSON API: the CLI, tests and
// the benchmark use it, and so can any department system.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/tx"
)

// Client is a node's API at Base (e.g. http://127.0.0.1:8080).
type Client struct {
	Base string
	HTTP *http.Client
}

// New returns a client for base.
func New(base string) *Client {
	base = strings.TrimRight(base, "/")
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	return &Client{Base: base, HTTP: &http.Client{Timeout: 60 * time.Second}}
}

// APIError is an error answer from the node.
type APIError struct {
	Status int
	api.ErrorBody
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s (HTTP %d, %s/%d)", e.Message, e.Status, e.Codespace, e.Code)
}

// Get decodes GET path into out.
func (c *Client) Get(ctx context.Context, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+path, nil)
	if err != nil {
		return err
	}
	return c.do(req, out)
}

func (c *Client) do(req *http.Request, out any) error {
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		ae := &APIError{Status: resp.StatusCode}
		if json.Unmarshal(body, &ae.ErrorBody) != nil || ae.Message == "" {
			ae.Message = strings.TrimSpace(string(body))
		}
		return ae
	}
	if out == nil {
		return nil
	}
	if raw, ok := out.(*[]byte); ok {
		*raw = body
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("decode %s: %w", req.URL.Path, err)
	}
	return nil
}

// Status is GET /api/v1/status.
func (c *Client) Status(ctx context.Context) (*api.StatusResponse, error) {
	var st api.StatusResponse
	return &st, c.Get(ctx, "/api/v1/status", &st)
}

// Account is GET /api/v1/accounts/{id}.
func (c *Client) Account(ctx context.Context, id string) (*api.AccountView, error) {
	var a api.AccountView
	return &a, c.Get(ctx, "/api/v1/accounts/"+url.PathEscape(id), &a)
}

// Broadcast posts an encoded tx. Chain refusals come back as a result with a
// non-zero code, not as an error, so callers can show the code.
func (c *Client) Broadcast(ctx context.Context, raw []byte, async bool) (*node.SubmitResult, error) {
	u := c.Base + "/api/v1/txs"
	if async {
		u += "?async=1"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	var res node.SubmitResult
	if json.Unmarshal(body, &res) == nil && res.Hash != "" {
		return &res, nil
	}
	ae := &APIError{Status: resp.StatusCode}
	if json.Unmarshal(body, &ae.ErrorBody) != nil || ae.Message == "" {
		ae.Message = strings.TrimSpace(string(body))
	}
	return nil, ae
}

// Signer signs and sends txs for one account, tracking its sequence.
type Signer struct {
	C       *Client
	Key     cryptosuite.PrivateKey
	Address string
	ChainID string
	Seq     uint64
}

// NewSigner looks up the chain id and the account's next sequence.
func NewSigner(ctx context.Context, c *Client, key cryptosuite.PrivateKey, suite cryptosuite.Suite) (*Signer, error) {
	st, err := c.Status(ctx)
	if err != nil {
		return nil, err
	}
	if st.Suite != suite.Name() {
		return nil, fmt.Errorf("the chain uses suite %q, the key is %q", st.Suite, suite.Name())
	}
	addr := cryptosuite.Address(suite, key.Public())
	acct, err := c.Account(ctx, addr)
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", addr, err)
	}
	return &Signer{C: c, Key: key, Address: addr, ChainID: st.ChainID, Seq: acct.Sequence}, nil
}

// Build signs module/action with payload at the next sequence.
func (s *Signer) Build(module, action string, payload any) ([]byte, error) {
	var pb []byte
	switch p := payload.(type) {
	case []byte:
		pb = p
	default:
		var err error
		if pb, err = json.Marshal(p); err != nil {
			return nil, err
		}
	}
	raw, err := tx.Build(s.Key, s.Address, s.ChainID, s.Seq, module, action, pb)
	if err != nil {
		return nil, err
	}
	s.Seq++
	return raw, nil
}

// Send builds, signs and submits, waiting for commit.
func (s *Signer) Send(ctx context.Context, module, action string, payload any) (*node.SubmitResult, error) {
	raw, err := s.Build(module, action, payload)
	if err != nil {
		return nil, err
	}
	res, err := s.C.Broadcast(ctx, raw, false)
	if err == nil && res.Code != 0 && !res.Committed {
		s.Seq-- // refused by CheckTx: the sequence was not used
	}
	return res, err
}
