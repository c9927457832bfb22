package keyring

import (
	"fmt"
	"regexp"
)

// namePattern keeps names safe as file names on every platform and in
// shell scripts: no path separators, no leading dot (so no hidden files,
// "." or ".."), no upper case (so case-insensitive file systems cannot
// merge two keys), and no "|" (the separator in the sealed data's AD).
var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// ValidName reports whether name may name a key, with the reason if not.
func ValidName(name string) error {
	if !namePattern.MatchString(name) {
		return fmt.Errorf("%w: %q (want 1-64 of a-z 0-9 . _ -, starting with a letter or digit)", ErrBadName, name)
	}
	return nil
}
