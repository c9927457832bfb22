package store

import (
	"fmt"
	"testing"
)

func TestChangesAndOverlay(t *testing.T) {
	s, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	w := s.Working()
	w.Set([]byte("a/1"), []byte("x"))
	w.Set([]byte("b/1"), []byte("y"))
	s.Commit()
	o := NewOverlay(w)
	o.Set([]byte("a/2"), []byte("z"))
	o.Delete([]byte("b/1"))
	var seen []string
	o.Iterate([]byte("a/"), func(k, v []byte) bool { seen = append(seen, string(k)+"="+string(v)); return true })
	if fmt.Sprint(seen) != "[a/1=x a/2=z]" {
		t.Fatalf("overlay iterate: %v", seen)
	}
	if err := o.Write(); err != nil {
		t.Fatal(err)
	}
	s.Commit()
	var got []string
	err = s.Changes(1, 2, func(v int64, k, val []byte, del bool) error {
		got = append(got, fmt.Sprintf("%d:%s=%s:%v", v, k, val, del))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "[1:a/1=x:false 1:b/1=y:false 2:a/2=z:false 2:b/1=:true]"
	if fmt.Sprint(got) != want {
		t.Fatalf("changes: %v, want %s", got, want)
	}
}

func TestPrefixEnd(t *testing.T) {
	cases := []struct{ in, want string }{{"a", "b"}, {"a/", "a0"}, {"\xff", ""}, {"a\xff", "b"}}
	for _, c := range cases {
		if got := string(PrefixEnd([]byte(c.in))); got != c.want {
			t.Errorf("PrefixEnd(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
