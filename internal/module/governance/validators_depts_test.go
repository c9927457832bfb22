package governance_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
)

// TestValidatorDepartments: a validator added by proposal is named with
// its department though the department record knows no validator key;
// a validator removed by proposal is still named through an older
// version of the mirror.
func TestValidatorDepartments(t *testing.T) {
	c := valChain(t)
	v5 := apptest.ValidatorPubHex("gsd")
	id := propose(t, c, "gov-admin", governance.TypeValidatorAdd, governance.ValidatorAddBody{Department: "gsd", PubKey: v5, Power: 10})
	voteUntil(t, c, id, 4, governance.StatePassed)
	c.MustDo("gsd-admin", "governance", "validator_attest", attestPayload(c, "gsd", c.Height()))
	if d, _ := identity.GetDepartment(c.State(), "gsd"); len(d.ValidatorPubKey) != 0 {
		t.Fatal("the test needs gsd's department record to know no validator key")
	}
	if got := governance.ValidatorDepartments(c.State())[v5]; got != "gsd" {
		t.Fatalf("added validator: department %q, want gsd", got)
	}
	before := c.Height()
	c.Block()
	c.Block()
	nrb := apptest.ValidatorPubHex("nrb")
	id = propose(t, c, "gov-admin", governance.TypeValidatorRemove, governance.ValidatorRemoveBody{PubKey: nrb})
	voteUntil(t, c, id, 5, governance.StatePassed)
	if _, err := governance.GetValidator(c.State(), nrb); err == nil {
		t.Fatal("nrb's validator still in the mirror")
	}
	old, err := c.App.Store().At(before)
	if err != nil {
		t.Fatal(err)
	}
	m := governance.ValidatorDepartments(old, c.State())
	if m[nrb] != "nrb" || m[v5] != "gsd" || m[apptest.ValidatorPubHex("fin")] != "fin" {
		t.Fatalf("map: %v", m)
	}
}
