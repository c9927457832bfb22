package keyring

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// tempPrefix marks half-written files; List skips them and a crash can
// only ever leave one of these behind, never a truncated key file.
const tempPrefix = ".tmp-"

// writeNew writes data to path atomically and only if path does not exist.
// The data goes to a temp file in the same directory (0600 from
// os.CreateTemp), is fsynced, and is then hard-linked into place: link,
// unlike rename, fails if the target exists, so two processes creating
// the same key cannot silently overwrite each other. On file systems
// without hard links it falls back to rename after an existence check.
func writeNew(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, tempPrefix+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName) // after a link this removes only the temp name

	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil { // in case CreateTemp's mode changes
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}

	switch err := os.Link(tmpName, path); {
	case err == nil:
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%w: %s", ErrKeyExists, path)
	default:
		if _, statErr := os.Lstat(path); statErr == nil {
			return fmt.Errorf("%w: %s", ErrKeyExists, path)
		}
		if err := os.Rename(tmpName, path); err != nil {
			return err
		}
	}
	return syncDir(dir)
}

// syncDir makes the new directory entry durable, so a key reported as
// created survives a power cut. Not every platform can fsync a directory;
// that is not worth failing the write over.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	_ = d.Sync()
	return nil
}
