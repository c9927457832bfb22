package sharing_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pingshan/govchain/internal/app"
)

// TestDocExamplesDecode: each docs/examples/sharing/<action>[_x].json is a
// payload its action accepts (the docs cannot drift from the decoder).
func TestDocExamplesDecode(t *testing.T) {
	files, _ := filepath.Glob("../../../docs/examples/sharing/*.json")
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	router := app.NewRouter(app.Modules()...)
	action := map[string]string{"register_resource.json": "register_resource", "request.json": "request",
		"answer_grant.json": "answer", "answer_refuse.json": "answer", "record_access.json": "record_access",
		"attach_to_case.json": "attach_to_case"}
	for _, f := range files {
		name := action[filepath.Base(f)]
		if name == "" {
			t.Errorf("%s: no action listed for it", f)
			continue
		}
		act, err := router.Lookup("sharing", name)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := act.Decode(b); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
