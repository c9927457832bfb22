package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/web/feedbackweb"
)

// leaks reports which marker an answer carries: in its text, or inside any
// JSON string that decodes as base64 or hex (state values and proofs are
// CBOR records encoded that way).
func leaks(body string, markers ...string) string {
	hay := [][]byte{[]byte(body)}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if b, err := base64.StdEncoding.DecodeString(x); err == nil {
				hay = append(hay, b)
			}
			if b, err := hex.DecodeString(x); err == nil {
				hay = append(hay, b)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	var v any
	if json.Unmarshal([]byte(body), &v) == nil {
		walk(v)
	}
	for _, m := range markers {
		for _, h := range hay {
			if bytes.Contains(h, []byte(m)) {
				return m
			}
		}
	}
	return ""
}

// TestFeedbackHideEverywhere: a moderator's hide takes the citizen's words
// out of every answer — the item and list APIs, the page, the raw state at
// every height, the proof — while the record stays provable: the words a
// reader got before the hide (or from the tx) match the proven commitment.
// On the old design subject and text were in state, so every one of these
// answers carried them.
func TestFeedbackHideEverywhere(t *testing.T) {
	e := newEnv(t, Options{})
	citizen := e.client()
	const subject, body = "噪音投诉 SUBJ-51d0", "隔壁工地凌晨施工 BODY-a7e2"
	r := citizen.postJSON("/api/v1/feedback", feedbackweb.FeedbackInput{Kind: "complaint", Department: "nrb", Subject: subject, Text: body,
		Contact: &feedback.Contact{Name: "王五", Phone: "13700000001", Email: "wang@example.cn"}})
	if r.Status != http.StatusCreated {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	var created feedbackweb.Created
	json.Unmarshal([]byte(r.Body), &created)
	receipt := created.Receipt
	key := "feedback/item/" + receipt

	var before feedbackweb.ItemView
	getJSON(t, citizen, "/api/v1/feedback/"+receipt, &before)
	if before.Subject != subject || before.Text != body || before.Salt == "" || before.TextHash == "" {
		t.Fatalf("before the hide: %+v", before)
	}
	// Provable: subject, text and salt from the API match the commitment
	// in the proven record.
	salt, _ := hex.DecodeString(before.Salt)
	if got := hex.EncodeToString(feedback.TextCommitment(e.p.suite, salt, subject, body)); got != before.TextHash {
		t.Fatalf("commitment %s, record says %s", got, before.TextHash)
	}
	it, err := feedback.GetItem(e.n.Store.Committed(), receipt)
	if err != nil || hex.EncodeToString(it.TextHash) != before.TextHash {
		t.Fatalf("state record %+v %v", it, err)
	}
	personal := []string{"王五", "13700000001", "wang@example.cn"}
	words := []string{"SUBJ-51d0", "BODY-a7e2"}
	stateAt := func(h int64) string {
		return citizen.get(fmt.Sprintf("/api/v1/state?key=%s&height=%d", url.QueryEscape(key), h)).Body
	}
	// Contact details are sealed everywhere; the words never were in state.
	for name, answer := range map[string]string{
		"state":   stateAt(it.Height),
		"proof":   citizen.get("/api/v1/proofs?key=" + url.QueryEscape(key)).Body,
		"item":    citizen.get("/api/v1/feedback/" + receipt).Body,
		"list":    citizen.get("/api/v1/feedback?limit=200").Body,
		"page":    citizen.get("/feedback/" + receipt).Body,
		"page zh": citizen.get("/feedback").Body,
	} {
		if m := leaks(answer, personal...); m != "" {
			t.Errorf("%s answer carries contact detail %q", name, m)
		}
		if m := leaks(answer, words...); m != "" && (name == "state" || name == "proof") {
			t.Errorf("%s answer carries the words %q", name, m)
		}
	}

	nrbAdmin := e.staff("nrb-admin")
	if r := nrbAdmin.submit("/staff/feedback/"+receipt, "/staff/feedback/"+receipt+"/hide", url.Values{"reason": {"含有他人隐私"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("hide: %d %s", r.Status, r.Body)
	}
	hidden, _ := feedback.GetItem(e.n.Store.Committed(), receipt)
	if err := e.n.WaitIndexed(context.Background(), hidden.Height); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		answers := map[string]string{
			"item":          citizen.get("/api/v1/feedback/" + receipt).Body,
			"list":          citizen.get("/api/v1/feedback?limit=200").Body,
			"page":          citizen.get("/feedback/" + receipt).Body,
			"feedback page": citizen.get("/feedback").Body,
			"verify":        citizen.get("/verify?code=" + receipt).Body,
			"state now":     stateAt(e.n.Store.Version()),
			"state then":    stateAt(it.Height),
			"proof":         citizen.get("/api/v1/proofs?key=" + url.QueryEscape(key)).Body,
			"staff list":    e.staff("gsd-admin").get("/staff/feedback").Body,
		}
		for name, answer := range answers {
			if m := leaks(answer, append(words, personal...)...); m != "" {
				t.Errorf("%s: %s answer carries %q", when, name, m)
			}
		}
		if !strings.Contains(answers["page"], "含有他人隐私") {
			t.Errorf("%s: the page does not say why the text is hidden", when)
		}
		// The addressed department can still act on the complaint: its
		// console reads the words from this node's block store.
		if p := nrbAdmin.get("/staff/feedback/" + receipt); !strings.Contains(p.Body, "BODY-a7e2") {
			t.Errorf("%s: the addressed department cannot read the hidden text", when)
		}
	}
	check("after the hide")
	// `govchain reindex` rebuilds from the chain: the words come back from
	// the txs, and the record's hide blanks them again.
	if err := e.n.Index.Rebuild(context.Background(), e.n.Store, nil); err != nil {
		t.Fatal(err)
	}
	check("after a rebuild")

	// A node without the blocks (restored from a backup, joined by state
	// sync) has no words for older items, and says so.
	r = citizen.postJSON("/api/v1/feedback", feedbackweb.FeedbackInput{Kind: "suggestion", Department: "nrb", Subject: "保留", Text: "KEPT-3b9d", Anonymous: true})
	json.Unmarshal([]byte(r.Body), &created)
	var kept feedbackweb.ItemView
	getJSON(t, citizen, "/api/v1/feedback/"+created.Receipt, &kept)
	if kept.Text != "KEPT-3b9d" || kept.TextUnavailable {
		t.Fatalf("kept item: %+v", kept)
	}
	e.n.Index.UseTxs(nil)
	if err := e.n.Index.Rebuild(context.Background(), e.n.Store, nil); err != nil {
		t.Fatal(err)
	}
	kept = feedbackweb.ItemView{}
	getJSON(t, citizen, "/api/v1/feedback/"+created.Receipt, &kept)
	if kept.Text != "" || !kept.TextUnavailable {
		t.Fatalf("item without its block: %+v", kept)
	}
	if p := citizen.get("/feedback/" + created.Receipt); !strings.Contains(p.Body, `id="text-unavailable"`) {
		t.Fatal("the page does not say the text is not held here")
	}
}
