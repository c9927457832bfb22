package governance

import (
	"encoding/hex"

	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// ValidatorDepartments maps validator public keys (hex) to the
// department running them. The validator mirror is the authority: a key
// added or replaced by proposal is there with its department, while a
// department record's ValidatorPubKey is only what genesis said. readers
// are state versions in the order to trust them (a proof's height and the
// two before it, for keys removed since, then the latest); the department
// records of the last reader come after every mirror, for a key no mirror
// holds. A version that cannot be read is skipped: names are a courtesy
// beside a proof, never part of it.
func ValidatorDepartments(readers ...store.Reader) map[string]string {
	out := map[string]string{}
	add := func(pub, dept string) {
		if _, ok := out[pub]; !ok && dept != "" {
			out[pub] = dept
		}
	}
	for _, r := range readers {
		vals, err := Validators(r)
		if err != nil {
			continue
		}
		for _, v := range vals {
			add(v.PubKey, v.Department)
		}
	}
	if len(readers) == 0 {
		return out
	}
	depts, _ := identity.Departments(readers[len(readers)-1])
	for _, d := range depts {
		if len(d.ValidatorPubKey) > 0 {
			add(hex.EncodeToString(d.ValidatorPubKey), d.ID)
		}
	}
	return out
}
