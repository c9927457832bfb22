package keyring

import (
	"fmt"
	"os"

	"github.com/pingshan/govchain/internal/atomicfile"
)

// Move stores a key under a new name and removes the old file: an
// encryption-key rotation keeps the department's current data key under
// "<dept>-data", where the console looks, and the replaced one beside it
// under a versioned name until the re-wrap is done. A key file cannot
// just be renamed, since its sealed secret is bound to its name; it is
// re-sealed under the same passphrase (a demo key stays a demo key).
// The new file is written before the old one is removed, so a crash
// between the two leaves both, never neither.
func (k *Keyring) Move(from, to, passphrase string) (Info, error) {
	f, err := k.readForSuite(from)
	if err != nil {
		return Info{}, err
	}
	if err := k.checkNew(to, passphrase, f.DemoUnencrypted); err != nil {
		return Info{}, err
	}
	priv, err := k.Load(from, passphrase)
	if err != nil {
		return Info{}, err
	}
	info, err := k.store(to, passphrase, priv, f.DemoUnencrypted)
	if err != nil {
		return Info{}, err
	}
	if err := os.Remove(k.path(from)); err != nil {
		return info, fmt.Errorf("keyring: %q stored as %q but not removed: %w", from, to, err)
	}
	return info, atomicfile.SyncDir(k.dir)
}
