package apptest

import (
	"testing"
	"time"
)

func TestChainBasics(t *testing.T) {
	c := New(t, Options{})
	start := c.Now()
	r := c.MustDo("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": "0000000000000000000000000000000000000000000000000000000000000001", "title": "t"})
	if Event(r, "notary.anchored", "department") != "nrb" {
		t.Fatalf("events: %v", r.Events)
	}
	if r := c.Do("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": "zz", "title": "t"}); r.Code == 0 {
		t.Fatal("invalid payload accepted")
	}
	c.MustDo("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": "0000000000000000000000000000000000000000000000000000000000000002", "title": "t"})
	c.Advance(24 * time.Hour)
	if c.Now().Sub(start) < 24*time.Hour {
		t.Fatal("advance")
	}
}
