package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/notary"
	"github.com/pingshan/govchain/internal/store"
)

// Anchors are ordinary notary anchors (no module change): doc_hash = the
// log's head hash, title "access-log head <seq>", category "access-log",
// signed by an account of the node's department. A notary record keeps
// the department, signer, height and block time.
const (
	AnchorCategory    = "access-log"
	anchorTitlePrefix = "access-log head "
)

// DefaultAnchorInterval is how often a changed head is anchored.
const DefaultAnchorInterval = 2 * time.Minute

// AnchorTitle is the notary title of the anchor of entry seq.
func AnchorTitle(seq uint64) string { return anchorTitlePrefix + strconv.FormatUint(seq, 10) }

// AnchorPayload is the notary/anchor payload for a head.
func AnchorPayload(h Head) ([]byte, error) {
	return json.Marshal(notary.Anchor{DocHash: module.Hash(h.Hash), Title: AnchorTitle(h.Seq), Category: AnchorCategory})
}

// SubmitFunc signs a notary/anchor tx with the anchoring key, submits it
// and waits until it is committed. errAlreadyAnchored-like refusals
// (notary/2) mean the head is already on chain and count as success.
type SubmitFunc func(ctx context.Context, payload []byte) error

// Anchorer anchors the log's head whenever it changed, every Interval.
type Anchorer struct {
	Log      *AccessLog
	Interval time.Duration
	Submit   SubmitFunc
	Logger   *slog.Logger
	// Monthly, when set, runs after each anchoring: it publishes the
	// monthly digests of months that ended (the node's PublishDigests).
	Monthly func(ctx context.Context) error

	mu   sync.Mutex
	last Head
}

// Run anchors until ctx ends; a failure is logged and retried next time.
func (a *Anchorer) Run(ctx context.Context) {
	iv := a.Interval
	if iv <= 0 {
		iv = DefaultAnchorInterval
	}
	t := time.NewTicker(iv)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := a.AnchorNow(ctx); err != nil && ctx.Err() == nil {
			a.logger().Error("anchoring the access log head failed; retrying next interval", "err", err)
		}
		if a.Monthly != nil {
			if err := a.Monthly(ctx); err != nil && ctx.Err() == nil {
				a.logger().Error("publishing the monthly access digest failed; retrying next interval", "err", err)
			}
		}
	}
}

func (a *Anchorer) logger() *slog.Logger {
	if a.Logger != nil {
		return a.Logger
	}
	return slog.Default()
}

// AnchorNow anchors the current head if it has not been anchored by this
// process yet, and returns it.
func (a *Anchorer) AnchorNow(ctx context.Context) (Head, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.Log.Damaged(); err != nil {
		return Head{}, err // never anchor what does not verify
	}
	h := a.Log.Head()
	if h.Seq == 0 || h == a.last {
		return h, nil
	}
	p, err := AnchorPayload(h)
	if err != nil {
		return h, err
	}
	if err := a.Submit(ctx, p); err != nil && !errors.Is(err, notary.ErrAlreadyExists) {
		return h, err
	}
	a.last = h
	a.logger().Info("access log head anchored", "seq", h.Seq, "hash", h.Hash)
	return h, nil
}

// Anchor is an access-log anchor found on chain.
type Anchor struct {
	Seq        uint64    `json:"seq"`
	Hash       string    `json:"hash"`
	Department string    `json:"department"`
	Signer     string    `json:"signer"`
	Height     int64     `json:"height"`
	Time       time.Time `json:"time"`
}

// FindAnchors lists the access-log anchors of a department in a state
// version, by sequence.
func FindAnchors(r store.Reader, department string) ([]Anchor, error) {
	var out []Anchor
	var derr error
	err := r.Iterate([]byte("notary/doc/"), func(_, v []byte) bool {
		var rec notary.Record
		if err := module.UnmarshalState(v, &rec); err != nil {
			derr = err
			return false
		}
		if rec.Category != AnchorCategory || rec.Department != department || !strings.HasPrefix(rec.Title, anchorTitlePrefix) {
			return true
		}
		seq, err := strconv.ParseUint(strings.TrimPrefix(rec.Title, anchorTitlePrefix), 10, 64)
		if err != nil {
			return true
		}
		out = append(out, Anchor{Seq: seq, Hash: rec.DocHash.String(), Department: rec.Department, Signer: rec.Signer, Height: rec.Height, Time: rec.Time})
		return true
	})
	if err == nil {
		err = derr
	}
	sortAnchors(out)
	return out, err
}

func sortAnchors(a []Anchor) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && (a[j].Seq < a[j-1].Seq || a[j].Seq == a[j-1].Seq && a[j].Height < a[j-1].Height); j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// AnchorProblem is an anchor the log no longer matches.
type AnchorProblem struct {
	Anchor Anchor
	What   string
}

func (p AnchorProblem) String() string { return p.What }

// CheckAnchors compares a verified log with the anchors on chain: every
// anchored entry must still be in the log with the anchored hash. It
// returns the problems found and how many entries are past the last
// anchor (not yet protected).
func CheckAnchors(res *VerifyResult, anchors []Anchor) (problems []AnchorProblem, unanchored uint64) {
	var newest uint64
	for _, an := range anchors {
		got, ok := res.Hashes[an.Seq]
		switch {
		case !ok:
			problems = append(problems, AnchorProblem{an, fmt.Sprintf("entry %d was anchored at height %d (%s) but is missing from the log (log ends at %d: entries removed)",
				an.Seq, an.Height, an.Time.Format(time.RFC3339), res.Head.Seq)})
		case got != an.Hash:
			problems = append(problems, AnchorProblem{an, fmt.Sprintf("entry %d hashes to %s, the anchor at height %d says %s (entries up to %d changed)",
				an.Seq, short(got), an.Height, short(an.Hash), an.Seq)})
		}
		if an.Seq > newest {
			newest = an.Seq
		}
	}
	if res.Head.Seq > newest {
		unanchored = res.Head.Seq - newest
	}
	return problems, unanchored
}
