package leakscan

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
)

// TestFindsEveryEncoding: each encoding of a secret, embedded at every
// alignment in surrounding bytes, is found; unrelated data is not.
func TestFindsEveryEncoding(t *testing.T) {
	secrets := []string{"宋江", "6222020200112233445", "440307198503150012"}
	s := New(secrets)
	for _, sec := range secrets {
		for pre := 0; pre < 4; pre++ {
			blob := append([]byte(strings.Repeat("x", pre)), sec...)
			blob = append(blob, "tail"...)
			ascii, _ := json.Marshal(sec)
			cases := map[string]string{
				"raw":       string(blob),
				"hex":       hex.EncodeToString(blob),
				"HEX":       strings.ToUpper(hex.EncodeToString(blob)),
				"base64":    base64.StdEncoding.EncodeToString(blob),
				"raw64":     base64.RawStdEncoding.EncodeToString(blob),
				"base64url": base64.URLEncoding.EncodeToString(blob),
				"json":      string(ascii),
				"json-u":    jsonU(sec),
			}
			for name, data := range cases {
				if len(s.Scan(name, []byte(data))) == 0 {
					t.Errorf("%q at offset %d in %s not found: %s", sec, pre, name, data)
				}
			}
		}
	}
	if f := s.Scan("clean", []byte(`{"name":"宋*","account":"****3445","value":"AAECAwQFBgcICQ=="}`)); len(f) != 0 {
		t.Errorf("false positives: %v", f)
	}
}

func jsonU(s string) string {
	var sb strings.Builder
	for _, r := range s {
		sb.WriteString(`\u`)
		sb.WriteString(strings.ToUpper(hex.EncodeToString([]byte{byte(r >> 8), byte(r)})))
	}
	return sb.String()
}
