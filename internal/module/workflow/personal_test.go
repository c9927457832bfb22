package workflow_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/workflow"
)

func TestPersonalDataOnlyForDepartmentsOnTheCase(t *testing.T) {
	forSuites(t, func(t *testing.T, suite string) {
		c := newChain(t, suite)
		n, code := toNotice(t, c, 20000)
		c.MustDo("gsd-gateway", "workflow", "file_objection", workflow.FileObjectionRequest{Case: n, Text: "噪声影响周边居民"})
		sealed, err := workflow.GetPersonalData(c.State(), n)
		if err != nil {
			t.Fatal(err)
		}
		k := getCase(t, c, n)
		if want := []string{"eeb", "gov", "hub", "nrb"}; !equal(k.Departments, want) {
			t.Fatalf("departments on the case %v, want %v", k.Departments, want)
		}
		for _, dept := range k.Departments {
			pd, err := workflow.OpenPersonalData(c.Suite, sealed, dept, c.Keys[dept+"-data"])
			if err != nil || *pd != applicant {
				t.Fatalf("%s cannot read its case: %+v %v", dept, pd, err)
			}
		}
		for _, dept := range []string{"gsd", "fin", "aud"} {
			if _, err := workflow.OpenPersonalData(c.Suite, sealed, dept, c.Keys[dept+"-data"]); !errors.Is(err, workflow.ErrPersonalDataKeys) {
				t.Fatalf("%s is not on the case but got %v", dept, err)
			}
			// Nor can it use another department's wrapped key.
			if _, err := workflow.OpenPersonalData(c.Suite, sealed, "nrb", c.Keys[dept+"-data"]); !errors.Is(err, cryptosuite.ErrDecrypt) {
				t.Fatalf("%s with nrb's wrapped key: %v", dept, err)
			}
		}
		// Tampering with the ciphertext is detected.
		bad := *sealed
		bad.Ciphertext = append(workflow.HexBytes(nil), sealed.Ciphertext...)
		bad.Ciphertext[len(bad.Ciphertext)-1] ^= 1
		if _, err := workflow.OpenPersonalData(c.Suite, &bad, "nrb", c.Keys["nrb-data"]); !errors.Is(err, cryptosuite.ErrDecrypt) {
			t.Fatalf("tampered ciphertext: %v", err)
		}

		secrets := [][]byte{[]byte(applicant.Name), []byte(applicant.IDNumber), []byte(applicant.Phone), []byte(applicant.Address), []byte(code)}
		v, err := workflow.ReadPublic(c.State(), c.Suite, n, code, c.Now())
		if err != nil {
			t.Fatal(err)
		}
		view, _ := json.Marshal(v)
		for _, s := range secrets[:4] {
			if bytes.Contains(view, s) {
				t.Fatalf("public view contains %q", s)
			}
		}
		// Nothing anywhere in committed state: not in workflow records,
		// not in tx records, not in events stored by any module.
		entries := 0
		err = c.State().Iterate(nil, func(key, value []byte) bool {
			entries++
			for _, s := range secrets {
				if bytes.Contains(key, s) || bytes.Contains(value, s) {
					t.Errorf("state key %q holds %q", key, s)
				}
			}
			return true
		})
		if err != nil || entries < 20 {
			t.Fatalf("iterated %d entries: %v", entries, err)
		}
	})
}

func TestAccessCode(t *testing.T) {
	s, _ := cryptosuite.ByName("gm")
	a, err := workflow.NewAccessCode()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := workflow.NewAccessCode()
	if a == b || len(a) != 19 {
		t.Fatalf("codes %q %q", a, b)
	}
	k := &workflow.Case{AccessCodeHash: workflow.AccessCodeHash(s, a)}
	if !workflow.CheckAccessCode(s, k, a) || workflow.CheckAccessCode(s, k, b) || workflow.CheckAccessCode(s, &workflow.Case{}, "") {
		t.Fatal("check")
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
