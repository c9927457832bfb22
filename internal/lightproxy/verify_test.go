package lightproxy

import (
	"context"
	"errors"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/identity"
)

// TestVerifyQuery: the app proves a record and the absence of a missing
// one; both verify against the app hash, under /key and /store/main/key;
// a changed value, a changed key or a proof for another state do not.
func TestVerifyQuery(t *testing.T) {
	c := apptest.New(t, apptest.Options{})
	query := func(path string, key []byte) *abci.QueryResponse {
		res, err := c.App.Query(context.Background(), &abci.QueryRequest{Path: path, Data: key, Prove: true})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	hash := c.App.Store().CommittedHash()
	present := identity.AccountKey(c.Addrs["gov-admin"])
	missing := identity.AccountKey("0000000000000000000000000000000000000000")
	for _, path := range []string{"/key", app.StorePath} {
		res := query(path, present)
		if res.Value == nil {
			t.Fatal("no value")
		}
		if err := VerifyQuery(present, res, hash); err != nil {
			t.Fatalf("%s present: %v", path, err)
		}
		abs := query(path, missing)
		if abs.Value != nil || abs.ProofOps == nil {
			t.Fatalf("%s: missing key answered %+v", path, abs)
		}
		if err := VerifyQuery(missing, abs, hash); err != nil {
			t.Fatalf("%s absent: %v", path, err)
		}
	}

	lies := map[string]func() (key []byte, res *abci.QueryResponse, appHash []byte){
		"changed value": func() ([]byte, *abci.QueryResponse, []byte) {
			r := query("/key", present)
			r.Value = append([]byte{}, r.Value...)
			r.Value[len(r.Value)-1] ^= 1
			return present, r, hash
		},
		"value hidden": func() ([]byte, *abci.QueryResponse, []byte) {
			r := query("/key", present)
			r.Value = nil
			return present, r, hash
		},
		"absence of a present key": func() ([]byte, *abci.QueryResponse, []byte) {
			r := query("/key", missing)
			r.Key, r.ProofOps.Ops[0].Key = present, present
			return present, r, hash
		},
		"other key": func() ([]byte, *abci.QueryResponse, []byte) { return missing, query("/key", present), hash },
		"other state": func() ([]byte, *abci.QueryResponse, []byte) {
			r := query("/key", present)
			other := append([]byte{}, hash...)
			other[0] ^= 1
			return present, r, other
		},
	}
	for name, lie := range lies {
		key, res, h := lie()
		if err := VerifyQuery(key, res, h); !errors.Is(err, ErrUnverified) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
