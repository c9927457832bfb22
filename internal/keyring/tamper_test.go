package keyring

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// TestTampered edits key files the ways a careless admin, a bad restore or
// an attacker with write access might, and checks each is refused with the
// right error rather than yielding a key.
func TestTampered(t *testing.T) {
	for _, s := range suites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			k := newRing(t, s)
			if _, _, err := k.Create("alice", "pw"); err != nil {
				t.Fatal(err)
			}
			bobInfo, _, err := k.Create("bob", "pw")
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := k.CreateDemo("dev"); err != nil {
				t.Fatal(err)
			}
			other, _ := s.GenerateKey()
			otherPub := hex.EncodeToString(other.Public().Bytes())
			otherAddr := cryptosuite.Address(s, other.Public())
			alice := readJSON(t, k.path("alice"))
			bob := readJSON(t, k.path("bob"))
			dev := readJSON(t, k.path("dev"))

			type edit func(m map[string]any)
			cases := []struct {
				name string
				base map[string]any
				edit edit
				want error
			}{
				{"sealed byte flipped", alice, func(m map[string]any) { m["sealed"] = flipHex(m["sealed"].(string)) }, ErrWrongPassphrase},
				{"sealed truncated", alice, func(m map[string]any) { m["sealed"] = m["sealed"].(string)[:20] }, ErrWrongPassphrase},
				{"sealed not hex", alice, func(m map[string]any) { m["sealed"] = "zz" }, ErrCorrupt},
				{"sealed from bob", alice, func(m map[string]any) { m["sealed"] = bob["sealed"]; m["kdf"] = bob["kdf"] }, ErrWrongPassphrase},
				{"address altered", alice, func(m map[string]any) { m["address"] = otherAddr }, ErrCorrupt},
				{"public key and address swapped in", alice, func(m map[string]any) { m["public_key"] = otherPub; m["address"] = otherAddr }, ErrWrongPassphrase},
				{"bob's header on alice's secret", alice, func(m map[string]any) { m["public_key"] = bobInfo.PublicKey; m["address"] = bobInfo.Address }, ErrWrongPassphrase},
				{"public key upper-case", alice, func(m map[string]any) { m["public_key"] = upper(m["public_key"].(string)) }, ErrCorrupt},
				{"public key not a point", alice, func(m map[string]any) { m["public_key"] = flipHex(m["public_key"].(string)) }, ErrCorrupt},
				{"name changed", alice, func(m map[string]any) { m["name"] = "mallory" }, ErrCorrupt},
				{"suite changed", alice, func(m map[string]any) { m["suite"] = otherSuite(t, s).Name() }, ErrCorrupt},
				{"unknown suite", alice, func(m map[string]any) { m["suite"] = "rsa" }, ErrCorrupt},
				{"cipher changed", alice, func(m map[string]any) { m["cipher"] = "chacha20-poly1305" }, ErrCorrupt},
				{"kdf removed", alice, func(m map[string]any) { delete(m, "kdf") }, ErrCorrupt},
				{"kdf renamed", alice, func(m map[string]any) { kdf(m)["name"] = "scrypt" }, ErrCorrupt},
				{"kdf time raised", alice, func(m map[string]any) { kdf(m)["time"] = 2 }, ErrWrongPassphrase},
				{"kdf time absurd", alice, func(m map[string]any) { kdf(m)["time"] = 1 << 30 }, ErrCorrupt},
				{"kdf memory absurd", alice, func(m map[string]any) { kdf(m)["memory_kib"] = 1 << 31 }, ErrCorrupt},
				{"kdf threads zero", alice, func(m map[string]any) { kdf(m)["threads"] = 0 }, ErrCorrupt},
				{"kdf salt short", alice, func(m map[string]any) { kdf(m)["salt"] = "00" }, ErrCorrupt},
				{"kdf salt changed", alice, func(m map[string]any) { kdf(m)["salt"] = flipHex(kdf(m)["salt"].(string)) }, ErrWrongPassphrase},
				{"unknown field", alice, func(m map[string]any) { m["comment"] = "hi" }, ErrCorrupt},
				{"demo flag on encrypted", alice, func(m map[string]any) { m["demo_unencrypted"] = true }, ErrCorrupt},
				{"private key on encrypted", alice, func(m map[string]any) { m["private_key"] = "00" }, ErrCorrupt},
				{"demo private key replaced", dev, func(m map[string]any) { m["private_key"] = hex.EncodeToString(other.Bytes()) }, ErrCorrupt},
				{"demo private key short", dev, func(m map[string]any) { m["private_key"] = "0102" }, ErrCorrupt},
				{"demo warning removed", dev, func(m map[string]any) { delete(m, "warning") }, ErrCorrupt},
				{"demo with sealed", dev, func(m map[string]any) { m["sealed"] = alice["sealed"] }, ErrCorrupt},
				{"demo flag cleared", dev, func(m map[string]any) { m["demo_unencrypted"] = false }, ErrCorrupt},
			}
			for _, c := range cases {
				m := cloneMap(t, c.base)
				c.edit(m)
				name := m["name"].(string)
				if c.name == "name changed" {
					name = c.base["name"].(string)
				}
				data, _ := json.Marshal(m)
				writeRaw(t, k.path(name), data)
				_, err := k.Load(name, "pw")
				if !errors.Is(err, c.want) {
					t.Errorf("%s: Load err = %v, want %v", c.name, err, c.want)
				}
				restore(t, k, c.base)
			}

			raw := []struct {
				name string
				data []byte
			}{
				{"empty file", nil},
				{"truncated JSON", mustRead(t, k.path("alice"))[:40]},
				{"trailing data", append(mustRead(t, k.path("alice")), []byte("{}")...)},
				{"JSON array", []byte("[]")},
				{"JSON null", []byte("null")},
			}
			for _, c := range raw {
				writeRaw(t, k.path("alice"), c.data)
				if _, err := k.Load("alice", "pw"); !errors.Is(err, ErrCorrupt) {
					t.Errorf("%s: Load err = %v, want ErrCorrupt", c.name, err)
				}
				if _, err := k.Show("alice"); !errors.Is(err, ErrCorrupt) {
					t.Errorf("%s: Show err = %v, want ErrCorrupt", c.name, err)
				}
			}
			restore(t, k, alice)

			// A file copied under another name: the inner name no longer
			// matches, and fixing the inner name breaks the AD instead.
			writeRaw(t, k.path("carol"), mustRead(t, k.path("alice")))
			if _, err := k.Load("carol", "pw"); !errors.Is(err, ErrCorrupt) {
				t.Errorf("copied file: %v, want ErrCorrupt", err)
			}
			renamed := cloneMap(t, alice)
			renamed["name"] = "carol"
			data, _ := json.Marshal(renamed)
			writeRaw(t, k.path("carol"), data)
			if _, err := k.Load("carol", "pw"); !errors.Is(err, ErrWrongPassphrase) {
				t.Errorf("renamed file: %v, want ErrWrongPassphrase", err)
			}

			// After all that, the untouched originals still load.
			if _, err := k.Load("alice", "pw"); err != nil {
				t.Errorf("restored alice: %v", err)
			}
		})
	}
}

func kdf(m map[string]any) map[string]any { return m["kdf"].(map[string]any) }

func flipHex(h string) string {
	b, _ := hex.DecodeString(h)
	b[len(b)/2] ^= 1
	return hex.EncodeToString(b)
}

func upper(h string) string {
	out := []byte(h)
	for i, c := range out {
		if c >= 'a' && c <= 'f' {
			out[i] = c - 'a' + 'A'
		}
	}
	return string(out)
}

func cloneMap(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(m)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func restore(t *testing.T, k *Keyring, m map[string]any) {
	t.Helper()
	b, _ := json.Marshal(m)
	writeRaw(t, k.path(m["name"].(string)), b)
}
