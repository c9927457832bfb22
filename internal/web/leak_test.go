package web

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/apptest/leakscan"
	"github.com/pingshan/govchain/internal/store"
)

// TestNoPersonalDataInPublicState (issue #10 item 1): on a seeded dev
// chain, none of the fixtures' personal data — applicants' names, ID
// numbers and phones, individual payees' names, every bank account — is
// in any version of the state (every record of every IAVL version, as
// `govchain export` would write it), in any block or tx answer, in any
// /api/v1/state or /api/v1/proofs answer, or in any public JSON route or
// portal page, in any encoding. The SQLite index is not scanned: it is
// local to a node and never served raw (pages built from it are).
func TestNoPersonalDataInPublicState(t *testing.T) {
	e := newSeededEnv(t, Options{})
	secrets := e.plan.PersonalData
	if len(secrets) < 60 {
		t.Fatalf("only %d personal fixtures in the seed", len(secrets))
	}
	sc := leakscan.New(secrets)
	var found []leakscan.Finding
	scanned := 0
	scan := func(where string, b []byte) {
		scanned += len(b)
		found = append(found, sc.Scan(where, b)...)
	}

	// Every version of the state, whole. Records repeat across versions;
	// each distinct one is scanned once.
	st := e.n.Store
	seen := map[string]bool{}
	var keys []string
	top, versions := st.Version(), 0
	var lastRoot []byte
	for v := st.Base(); v <= top; v++ {
		// An empty block leaves the tree as it was: same root, nothing new.
		root, err := st.RootAt(v)
		if err != nil {
			t.Fatalf("root of version %d: %v", v, err)
		}
		if string(root) == string(lastRoot) && v != top {
			continue
		}
		lastRoot, versions = root, versions+1
		if _, err := st.Export(v, func(n *store.ExportNode) error {
			if n.Height != 0 {
				return nil
			}
			rec := string(n.Key) + "\x00" + string(n.Value)
			if !seen[rec] {
				seen[rec] = true
				scan(fmt.Sprintf("state v%d %s", v, n.Key), append(append([]byte{}, n.Key...), n.Value...))
			}
			if v == top {
				keys = append(keys, string(n.Key))
			}
			return nil
		}); err != nil {
			t.Fatalf("export version %d: %v", v, err)
		}
	}
	if len(keys) < 1000 {
		t.Fatalf("latest state has only %d records", len(keys))
	}

	c := e.client()
	get := func(path string) string {
		r := c.get(path)
		if r.Status >= 500 {
			t.Errorf("%s: %d", path, r.Status)
		}
		scan(path, []byte(r.Body))
		return r.Body
	}
	// Every record through the state API, and every finance, land and
	// workflow record's proof.
	for _, k := range keys {
		get("/api/v1/state?key=" + url.QueryEscape(k))
		if strings.HasPrefix(k, "finance/") || strings.HasPrefix(k, "land/") || strings.HasPrefix(k, "workflow/") {
			// At the exported height: its block's successor is committed
			// by now, so the bundle need not wait for the next block.
			get(fmt.Sprintf("/api/v1/proofs?key=%s&height=%d", url.QueryEscape(k), top))
		}
	}
	// Every block and every seeded tx.
	for h := int64(1); h <= min(top, 20); h++ { // the seed lands in the first few; the rest are empty
		get(fmt.Sprintf("/api/v1/blocks/%d", h))
	}
	for _, raw := range slices.Concat(e.plan.Block1, e.plan.Later) {
		get("/api/v1/txs/" + hex.EncodeToString(e.n.App.Suite().Hash(raw)))
	}
	// Chain and portal JSON routes that need no session.
	for _, p := range []string{"/healthz", "/api/v1/status", "/api/v1/accounts", "/api/v1/departments", "/api/v1/openapi.json",
		"/api/v1/portal/summary", "/api/v1/finance/budgets", "/api/v1/finance/flags", "/api/v1/land/notices", "/api/v1/land/decisions",
		"/api/v1/land/parcels", "/api/v1/disclosures", "/api/v1/feedback", "/api/v1/rectifications",
		"/sharing", "/sharing?by=requester", "/api/v1/sharing/catalog", "/api/v1/sharing/requests", "/api/v1/sharing/access", "/api/v1/sharing/stats"} {
		get(p)
	}
	for _, d := range []string{"gov", "nrb", "fin", "eeb", "hub", "gsd", "aud"} {
		get("/api/v1/departments/" + d)
		get("/finance/departments/" + d)
	}
	var accts []struct {
		Address string `json:"address"`
	}
	json.Unmarshal([]byte(get("/api/v1/accounts")), &accts)
	for _, a := range accts {
		get("/api/v1/accounts/" + a.Address)
	}
	ids := func(q string) []string {
		rows, err := e.n.Index.DB().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			rows.Scan(&s)
			out = append(out, s)
		}
		return out
	}
	pays := ids(`SELECT id FROM fin_payments ORDER BY id`)
	for i, id := range pays {
		get("/api/v1/finance/payments/" + id + "/trace")
		if i%25 == 0 {
			get("/finance/payments/" + id)
		}
	}
	for _, id := range ids(`SELECT id FROM fin_lines ORDER BY id`) {
		get("/api/v1/finance/lines/" + id + "/trace")
		get("/finance/lines/" + id)
	}
	for _, cs := range e.plan.Cases {
		get("/api/v1/land/cases/" + cs.Number + "?code=" + url.QueryEscape(cs.AccessCode))
		get("/api/v1/land/parcels/" + cs.Parcel)
		get("/land/parcels/" + cs.Parcel)
		get("/land/notices/" + cs.Number)
		c.submit("/land/track", "/land/track", url.Values{"case_no": {cs.Number}, "access_code": {cs.AccessCode}})
	}
	// Portal pages, both languages.
	for _, lang := range []string{"zh", "en"} {
		for _, p := range []string{"/", "/land", "/land/track", "/land/decisions", "/land/parcels", "/finance", "/finance/flags",
			"/finance/payments", "/disclosures", "/feedback", "/verify"} {
			get(p + sep(p) + "lang=" + lang)
		}
	}
	// The node's SQLite index is local (never served raw), but every page
	// above is built from it: it holds nothing the state does not.
	tables := ids(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	for _, tbl := range tables {
		rows, err := e.n.Index.DB().Query(`SELECT * FROM "` + tbl + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var buf []byte
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				buf = fmt.Appendf(buf, "%s\x00", v)
			}
		}
		rows.Close()
		scan("index table "+tbl, buf)
	}

	// The scan sees what it should: a payment's proof is served, and the
	// scanner finds a fixture planted in an answer.
	if r := c.get(fmt.Sprintf("/api/v1/proofs?key=%s&height=%d", url.QueryEscape("finance/pay/"+pays[0]), top)); r.Status != 200 || !strings.Contains(r.Body, "value") {
		t.Fatalf("proof of %s: %d %.200s", pays[0], r.Status, r.Body)
	}
	if len(sc.Scan("canary", []byte(`{"v":"`+base64.StdEncoding.EncodeToString([]byte("xx"+secrets[0]))+`"}`))) == 0 {
		t.Fatal("the scanner misses a planted fixture")
	}
	for _, f := range found {
		t.Errorf("personal data in public: %s", f)
	}
	t.Logf("scanned %d MB: %d distinct records of %d state versions, %d blocks, %d txs, %d payments for %d secrets (%d encoded forms)",
		scanned>>20, len(seen), versions, e.n.Height(), len(e.plan.Block1)+len(e.plan.Later), len(pays), len(secrets), sc.Needles())
}
