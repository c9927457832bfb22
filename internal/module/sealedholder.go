package module

import "github.com/pingshan/govchain/internal/store"

// SealedEntry is one department's wrapped data key in a record a module
// keeps sealed (internal/sealed): what a department's node needs to
// re-wrap it after the department's encryption key is rotated.
type SealedEntry struct {
	// Ref is the holder's own id of the record (a case number, a sign-up
	// receipt); with the module's name it names the entry.
	Ref string
	// Domain is the AEAD associated data the record was sealed under, so
	// the node can check it unwrapped the right key before re-wrapping.
	Domain     string
	Ciphertext []byte
	Wrapped    []byte
}

// SealedHolder is a module that keeps data sealed to departments'
// encryption keys. When a department rotates its key, governance lists
// every entry wrapped for it (in key order, so every node lists the same)
// and the department's node sends the re-wrapped keys back, which the
// holder writes in place. The holder checks the record exists and has an
// entry for the department; it cannot check the new wrapped key opens to
// the same data key (only the department's private key could).
type SealedHolder interface {
	Module
	SealedEntries(r store.Reader, dept string) ([]SealedEntry, error)
	ReplaceWrappedKey(kv store.KV, ref, dept string, wrapped []byte) error
}
