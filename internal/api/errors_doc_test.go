package api_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/errcode"
	_ "github.com/pingshan/govchain/internal/proof"
	_ "github.com/pingshan/govchain/internal/web" // the portal's own codes
)

var update = flag.Bool("update", false, "rewrite docs/errors.md")

// TestErrorCodesDocumented keeps docs/errors.md equal to the registry, so
// every code a client can see is documented with its HTTP status.
// Regenerate with: go test ./internal/api -run TestErrorCodesDocumented -update
func TestErrorCodesDocumented(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Error codes\n\nEvery refusal carries a stable `(codespace, code)` pair: in ABCI results (`code`, `codespace`), in `govchain tx` output and in the JSON API's error body `{code, codespace, message}`. The message says what exactly was wrong; the pair never changes meaning. This file is generated from the registry (`go test ./internal/api -run TestErrorCodesDocumented -update`).\n\n")
	b.WriteString("| codespace | code | meaning | HTTP status |\n|---|---|---|---|\n")
	for _, e := range errcode.All() {
		fmt.Fprintf(&b, "| %s | %d | %s | %d |\n", e.Codespace, e.Code, e.Desc, api.HTTPStatus(e))
	}
	path := "../../docs/errors.md"
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != b.String() {
		t.Fatal("docs/errors.md is out of date: run go test ./internal/api -run TestErrorCodesDocumented -update")
	}
}
