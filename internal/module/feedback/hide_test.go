package feedback_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module/feedback"
)

// blockTxs keeps the raw txs a test chain committed, by position, as a
// node's block store does.
type blockTxs map[[2]int64][]byte

func (b blockTxs) source(height int64, i uint32) ([]byte, error) {
	raw, ok := b[[2]int64{height, int64(i)}]
	if !ok {
		return nil, fmt.Errorf("no tx %d/%d", height, i)
	}
	return raw, nil
}

func (b blockTxs) commit(c *apptest.Chain, raws ...[]byte) {
	c.T.Helper()
	for i, r := range c.Block(raws...) {
		if r.Code != 0 {
			c.T.Fatalf("tx %d: %s", i, r.Log)
		}
		b[[2]int64{c.Height(), int64(i)}] = raws[i]
	}
}

// TestHideRemovesTextEverywhere: the citizen's words never enter state
// (only a salted commitment does), the index serves them from the tx until
// a hide, and after the hide neither the live index nor a rebuild has them;
// the record stays provable against the words from the tx.
func TestHideRemovesTextEverywhere(t *testing.T) {
	c := apptest.New(t, apptest.Options{})
	txs := blockTxs{}
	const subject, body = "邻居噪音扰民 SUBJ-7f3a", "深夜施工 BODY-9c1e 请处理"
	sub := feedback.Submit{Kind: feedback.KindComplaint, Department: "nrb", Subject: subject, Text: body, Salt: testSalt, Anonymous: true}
	other := feedback.Submit{Kind: feedback.KindSuggestion, Department: "nrb", Subject: "增设路灯", Text: "东门外太暗", Salt: testSalt, Anonymous: true}
	raw2 := c.Sign("gsd-gateway", "feedback", "submit", other)
	raw := c.Sign("gsd-gateway", "feedback", "submit", sub)
	txs.commit(c, raw2, raw) // two in one block: the item must point at its own tx
	receipt := feedback.ReceiptFor(sub.Kind, c.Suite.Hash(raw))
	it, err := feedback.GetItem(c.State(), receipt)
	if err != nil || it.TxIndex != 1 {
		t.Fatalf("item %+v %v", it, err)
	}

	// Nothing of the words in state, at any key.
	inState := func() bool {
		found := false
		c.State().Iterate(nil, func(k, v []byte) bool {
			for _, w := range []string{"SUBJ-7f3a", "BODY-9c1e"} {
				if bytes.Contains(v, []byte(w)) || bytes.Contains(k, []byte(w)) {
					found = true
				}
			}
			return !found
		})
		return found
	}
	if inState() {
		t.Fatal("the citizen's words are in state")
	}
	// Provable: the words from the tx match the committed record.
	w, err := feedback.TextFromTx(raw)
	if err != nil || w.Subject != subject || w.Body != body || !bytes.Equal(w.Commitment(c.Suite), it.TextHash) {
		t.Fatalf("text from tx %+v %v does not verify against %x", w, err, it.TextHash)
	}
	// A guess without the salt does not match.
	if bytes.Equal(feedback.TextCommitment(c.Suite, nil, subject, body), it.TextHash) {
		t.Fatal("unsalted guess matches the commitment")
	}

	ix, err := index.Open(filepath.Join(t.TempDir(), "index.db"), feedback.IndexHandler{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.UseTxs(txs.source)
	ctx := context.Background()
	sync := func() {
		t.Helper()
		if err := ix.Sync(ctx, c.App.Store(), nil); err != nil {
			t.Fatal(err)
		}
	}
	indexed := func() (*feedback.Text, bool, string) {
		t.Helper()
		got, ok, err := feedback.IndexedText(ix.DB(), receipt)
		if err != nil {
			t.Fatal(err)
		}
		var row string
		if err := ix.DB().QueryRow(`SELECT subject || '|' || text || '|' || salt FROM feedback_items WHERE receipt = ?`, receipt).Scan(&row); err != nil {
			t.Fatal(err)
		}
		return got, ok, row
	}
	sync()
	if got, ok, _ := indexed(); !ok || got.Subject != subject || got.Body != body || !bytes.Equal(got.Commitment(c.Suite), it.TextHash) {
		t.Fatalf("indexed before hide: %+v %v", got, ok)
	}

	c.MustDo("nrb-admin", "feedback", "hide", feedback.Hide{Receipt: receipt, Reason: "含个人信息"})
	sync()
	if got, ok, row := indexed(); ok || row != "||" {
		t.Fatalf("hidden text still indexed: %+v %q", got, row)
	}
	if inState() {
		t.Fatal("the hide put words in state")
	}
	// `govchain reindex`: the rebuild reads the tx again, and the record's
	// hide blanks it again.
	if err := ix.Rebuild(ctx, c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	if got, ok, row := indexed(); ok || row != "||" {
		t.Fatalf("hidden text back after a rebuild: %+v %q", got, row)
	}
	// The other item keeps its words; an index without a block store
	// indexes them blank rather than failing.
	r2 := feedback.ReceiptFor(other.Kind, c.Suite.Hash(raw2))
	if got, ok, _ := feedback.IndexedText(ix.DB(), r2); !ok || got.Body != other.Text {
		t.Fatalf("other item: %+v %v", got, ok)
	}
	ix.UseTxs(nil)
	if err := ix.Rebuild(ctx, c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := feedback.IndexedText(ix.DB(), r2); ok {
		t.Fatal("text indexed without a block store")
	}
}

func TestRatingCommentSalt(t *testing.T) {
	for _, tc := range []struct {
		name string
		rate feedback.Rate
		ok   bool
	}{
		{"comment with salt", feedback.Rate{Comment: "好", Salt: testSalt}, true},
		{"no comment, no salt", feedback.Rate{}, true},
		{"comment without salt", feedback.Rate{Comment: "好"}, false},
		{"salt without comment", feedback.Rate{Salt: testSalt}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.rate
			r.CaseNo, r.Level, r.RatingToken = "PS-1", feedback.Satisfied, testSalt+testSalt
			if err := r.Validate(); (err == nil) != tc.ok {
				t.Fatalf("got %v, want ok=%v", err, tc.ok)
			}
		})
	}
}
