package bench

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// rpcClient is the little of CometBFT's JSON-RPC the benchmark needs. It
// speaks to both apps alike, so govchain and the kvstore baseline are
// driven and observed through the same path.
type rpcClient struct {
	base string
	hc   *http.Client
}

func newTransport(conns int) *http.Transport {
	return &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        4 * conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
}

func newRPC(base string, tr *http.Transport) *rpcClient {
	return &rpcClient{base: strings.TrimRight(base, "/"), hc: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

// rpcEnvelope is one JSON-RPC response.
type rpcEnvelope struct {
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *rpcError       `json:"error"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    string `json:"data"`
}

func (e *rpcError) Error() string {
	if e.Data != "" {
		return e.Data
	}
	return e.Message
}

// get calls a URI endpoint (e.g. "block?height=5") and decodes its result.
func (c *rpcClient) get(ctx context.Context, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/"+path, nil)
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var env rpcEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("%s: HTTP %d: %.200s", path, resp.StatusCode, body)
	}
	if env.Error != nil {
		return fmt.Errorf("%s: %w", path, env.Error)
	}
	return json.Unmarshal(env.Result, out)
}

// int64s are strings in CometBFT's JSON.
type jsonInt64 int64

func (v *jsonInt64) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*v = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	*v = jsonInt64(n)
	return err
}

func (c *rpcClient) height(ctx context.Context) (int64, error) {
	var st struct {
		SyncInfo struct {
			LatestBlockHeight jsonInt64 `json:"latest_block_height"`
		} `json:"sync_info"`
	}
	if err := c.get(ctx, "status", &st); err != nil {
		return 0, err
	}
	return int64(st.SyncInfo.LatestBlockHeight), nil
}

// blockTxs returns the txs of block h and the consensus round in which
// block h-1 was committed (from h's last commit).
func (c *rpcClient) blockTxs(ctx context.Context, h int64) ([][]byte, int, error) {
	var b struct {
		Block struct {
			Data struct {
				Txs [][]byte `json:"txs"`
			} `json:"data"`
			LastCommit struct {
				Round int `json:"round"`
			} `json:"last_commit"`
		} `json:"block"`
	}
	if err := c.get(ctx, "block?height="+strconv.FormatInt(h, 10), &b); err != nil {
		return nil, 0, err
	}
	return b.Block.Data.Txs, b.Block.LastCommit.Round, nil
}

// resultCodes returns the result code of every tx of block h.
func (c *rpcClient) resultCodes(ctx context.Context, h int64) ([]uint32, error) {
	var r struct {
		TxsResults []struct {
			Code uint32 `json:"code"`
		} `json:"txs_results"`
	}
	if err := c.get(ctx, "block_results?height="+strconv.FormatInt(h, 10), &r); err != nil {
		return nil, err
	}
	codes := make([]uint32, len(r.TxsResults))
	for i, res := range r.TxsResults {
		codes[i] = res.Code
	}
	return codes, nil
}

// abciInfo is the app's own view: its last committed height and app hash.
func (c *rpcClient) abciInfo(ctx context.Context) (height int64, appHash []byte, err error) {
	var r struct {
		Response struct {
			LastBlockHeight  jsonInt64 `json:"last_block_height"`
			LastBlockAppHash []byte    `json:"last_block_app_hash"`
		} `json:"response"`
	}
	if err := c.get(ctx, "abci_info", &r); err != nil {
		return 0, nil, err
	}
	return int64(r.Response.LastBlockHeight), r.Response.LastBlockAppHash, nil
}

// broadcastResult is CheckTx's verdict on one tx of a batch.
type broadcastResult struct {
	ok     bool
	reason string // why not, normalised for counting
	msg    string // the node's words
}

// broadcastBatch sends txs (base64) as one JSON-RPC batch of
// broadcast_tx_sync calls. CometBFT runs a batch's calls in order, so an
// account's txs reach CheckTx in sequence order.
func (c *rpcClient) broadcastBatch(ctx context.Context, txs []string) ([]broadcastResult, error) {
	var buf bytes.Buffer
	buf.Grow(len(txs) * (len(txs[0]) + 80))
	buf.WriteByte('[')
	for i, t := range txs {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`{"jsonrpc":"2.0","id":`)
		buf.WriteString(strconv.Itoa(i))
		buf.WriteString(`,"method":"broadcast_tx_sync","params":{"tx":"`)
		buf.WriteString(t)
		buf.WriteString(`"}}`)
	}
	buf.WriteByte(']')
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/", &buf)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var envs []rpcEnvelope
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] == '{' {
		var one rpcEnvelope
		if err := json.Unmarshal(body, &one); err != nil {
			return nil, fmt.Errorf("broadcast: HTTP %d: %.200s", resp.StatusCode, body)
		}
		envs = []rpcEnvelope{one}
	} else if err := json.Unmarshal(body, &envs); err != nil {
		return nil, fmt.Errorf("broadcast: HTTP %d: %.200s", resp.StatusCode, body)
	}
	out := make([]broadcastResult, len(txs))
	for i := range out {
		out[i].reason = "no response"
	}
	for _, e := range envs {
		id, err := strconv.Atoi(string(e.ID))
		if err != nil || id < 0 || id >= len(txs) {
			if e.Error != nil && len(envs) == 1 {
				return nil, fmt.Errorf("broadcast: %w", e.Error)
			}
			continue
		}
		out[id] = checkResult(e)
	}
	return out, nil
}

func checkResult(e rpcEnvelope) broadcastResult {
	if e.Error != nil {
		msg := e.Error.Error()
		// A retry of a tx the node already took (e.g. after a timeout).
		if strings.Contains(msg, "already exists in cache") {
			return broadcastResult{ok: true}
		}
		return broadcastResult{reason: normaliseReason(msg), msg: msg}
	}
	var r struct {
		Code      uint32 `json:"code"`
		Codespace string `json:"codespace"`
		Log       string `json:"log"`
	}
	if err := json.Unmarshal(e.Result, &r); err != nil {
		return broadcastResult{reason: "bad response"}
	}
	if r.Code != 0 {
		return broadcastResult{reason: fmt.Sprintf("checktx %s/%d: %s", r.Codespace, r.Code, head(r.Log)), msg: r.Log}
	}
	return broadcastResult{ok: true}
}

// normaliseReason keeps the stable part of an error ("mempool is full",
// "checktx tx/5") so refusals can be counted by kind.
func normaliseReason(msg string) string {
	msg = strings.TrimPrefix(msg, "broadcast error on transaction validation: ")
	if m := invalidTxRe.FindStringSubmatch(msg); m != nil {
		// CometBFT v1 returns CheckTx refusals as errors.
		return "checktx " + m[3] + "/" + m[1] + ": " + head(m[2])
	}
	return head(msg)
}

var invalidTxRe = regexp.MustCompile(`is invalid: code=(\d+), data=[0-9A-F]*, log='(.*)', codespace='([^']*)'`)

func head(msg string) string {
	if i := strings.IndexAny(msg, ":;("); i > 0 {
		msg = msg[:i]
	}
	if len(msg) > 60 {
		msg = msg[:60]
	}
	return strings.TrimSpace(msg)
}

var b64 = base64.StdEncoding
