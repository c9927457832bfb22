package keyring

import (
	"errors"
	"testing"
)

// FuzzParseKeyFile: key files are edited by people and restored from
// backups; whatever is in one, parsing must fail cleanly with ErrCorrupt
// or yield a file that survives a rewrite unchanged.
func FuzzParseKeyFile(f *testing.F) {
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"name":"a","suite":"gm","kdf":{"time":4294967295,"memory_kib":4294967295,"threads":255}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		kf, err := parseKeyFile(data)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		out, err := kf.marshal()
		if err != nil {
			t.Fatal(err)
		}
		again, err := parseKeyFile(out)
		if err != nil {
			t.Fatalf("rewritten file no longer parses: %v\n%s", err, out)
		}
		if again.info() != kf.info() {
			t.Fatalf("info changed across rewrite: %+v vs %+v", kf.info(), again.info())
		}
	})
}
