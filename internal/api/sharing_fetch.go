package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/datasource"
	"github.com/pingshan/govchain/internal/delivery"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/tx"
)

// SharingSourcesFile is HOME/config/sharing-sources.json: the account this
// node records deliveries with, and where each resource it serves is read
// from (docs/data-sharing.md). Absent: the node serves no shared data.
func SharingSourcesFile(h node.Home) string {
	return filepath.Join(string(h), "config", "sharing-sources.json")
}

// SharingSources is the content of the sources file.
type SharingSources struct {
	// Account is the keyring name of the owner department's account that
	// records each delivery (admin, reviewer or gateway role); an
	// encrypted key's passphrase is in GOVCHAIN_SHARING_PASSPHRASE.
	Account string                       `json:"account"`
	Sources map[string]datasource.Config `json:"sources"`
}

// fetchService answers POST /api/v1/sharing/fetch. It records the access
// on chain before it hands the sealed data out: a delivery nobody can
// prove never leaves the node.
type fetchService struct {
	n     *node.Node
	owner delivery.Owner // Department is the account's, read at each fetch
	key   cryptosuite.PrivateKey
	addr  string
	mu    sync.Mutex // one recording tx at a time: sequences in order
}

// SharingReplayFile is HOME/data/sharing-fetch-replay.bin: digests of the
// signed fetches this node served in the last ten minutes (delivery.ReplayGuard).
func SharingReplayFile(h node.Home) string {
	return filepath.Join(string(h), "data", "sharing-fetch-replay.bin")
}

// loadFetchService reads the sources file; nil when there is none.
func loadFetchService(n *node.Node) (*fetchService, error) {
	b, err := os.ReadFile(SharingSourcesFile(n.Home))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var cfg SharingSources
	if err := json.Unmarshal(b, &cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", SharingSourcesFile(n.Home), err)
	}
	s := n.App.Suite()
	kr, err := keyring.Open(n.Home.KeyringDir(), s)
	if err != nil {
		return nil, err
	}
	key, err := kr.Load(cfg.Account, os.Getenv("GOVCHAIN_SHARING_PASSPHRASE"))
	if err != nil {
		return nil, fmt.Errorf("sharing account %s: %w", cfg.Account, err)
	}
	addr := cryptosuite.Address(s, key.Public())
	srcs := map[string]datasource.Source{}
	ids := make([]string, 0, len(cfg.Sources))
	for id := range cfg.Sources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		src, err := datasource.Open(cfg.Sources[id])
		if err != nil {
			return nil, fmt.Errorf("source of %s: %w", id, err)
		}
		srcs[id] = src
	}
	// The replay guard is kept on disk: a fetch served just before a
	// restart of this node stays refused after it.
	guard, err := delivery.OpenReplayGuard(SharingReplayFile(n.Home), time.Now())
	if err != nil {
		return nil, err
	}
	return &fetchService{n: n, key: key, addr: addr,
		owner: delivery.Owner{Suite: s, ChainID: n.App.ChainID(), Sources: srcs, Replay: guard}}, nil
}

func (s *Server) sharingFetch(w http.ResponseWriter, r *http.Request) {
	if s.fetch == nil {
		writeError(w, fmt.Errorf("%w: no %s", sharing.ErrNotServed, filepath.Base(SharingSourcesFile(s.n.Home))))
		return
	}
	var sf delivery.SignedFetch
	body := http.MaxBytesReader(w, r.Body, 64<<10)
	if err := json.NewDecoder(body).Decode(&sf); err != nil {
		writeError(w, badRequest("body: %v", err))
		return
	}
	_, _ = io.Copy(io.Discard, body)
	d, err := s.fetch.serve(r.Context(), &sf)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// serve checks and reads (delivery.Owner.Serve), records the access on
// chain and waits for its block; only then is the delivery returned.
func (f *fetchService) serve(ctx context.Context, sf *delivery.SignedFetch) (*delivery.Delivery, error) {
	st := f.n.Store.Committed()
	// The account's department is read from state at each fetch: the file
	// may be loaded before genesis, and an account can be moved or suspended.
	me, err := identity.GetAccount(st, f.addr)
	if err != nil {
		return nil, fmt.Errorf("%w: the node's sharing account: %v", sharing.ErrNotServed, err)
	}
	owner := f.owner
	owner.Department = me.Department
	d, err := owner.Serve(ctx, st, sf, time.Now())
	if err != nil {
		if errors.Is(err, delivery.ErrSignature) || errors.Is(err, delivery.ErrStale) || errors.Is(err, delivery.ErrReplay) {
			return nil, fmt.Errorf("%w: %v", tx.ErrBadSignature, err)
		}
		if errors.Is(err, delivery.ErrNoSource) {
			return nil, fmt.Errorf("%w: %v", sharing.ErrNotServed, err)
		}
		return nil, err
	}
	payload, err := json.Marshal(d.Access)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	acct, err := identity.GetAccount(f.n.Store.Committed(), f.addr)
	if err != nil {
		return nil, err
	}
	raw, err := tx.Build(f.key, f.addr, f.owner.ChainID, acct.Sequence, "sharing", "record_access", payload)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := f.n.Submit(ctx, raw, true)
	if err != nil {
		return nil, err
	}
	if res.Code != 0 {
		if e, ok := errcode.Lookup(res.Codespace, res.Code); ok {
			return nil, fmt.Errorf("%w: recording the access: %s", e, res.Log)
		}
		return nil, fmt.Errorf("recording the access refused: %s/%d %s", res.Codespace, res.Code, res.Log)
	}
	return d, nil
}
