// Package atomicfile replaces a file so that a reader, or the next start
// after a crash or a power cut, sees either the old contents or the new,
// never a mix: the data goes to a temporary file in the same directory,
// which is fsynced, then renamed over the target, and the directory is
// fsynced so the rename itself is durable.
//
// Every file govchain rewrites in place goes through here (keys, portal
// credentials, govchain.json, TLS certificates, the replay guard, the
// scale benchmark's progress, backups being exported).
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// tempMarker is in the name of every temporary file (".NAME.tmp-RANDOM"):
// a crash can leave one behind, never a truncated target.
const tempMarker = ".tmp-"

// IsTemp reports whether a directory entry's name is one of this
// package's temporary files (for listings that must skip them).
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tempMarker)
}

// Write replaces path with data, mode perm.
func Write(path string, data []byte, perm fs.FileMode) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit()
}

// WriteNew is Write that refuses to replace an existing file: the error
// then wraps fs.ErrExist. It links the temporary file into place (a link,
// unlike a rename, fails if the target exists, so two processes creating
// the same file cannot overwrite each other); on file systems without
// hard links it falls back to a rename after an existence check.
func WriteNew(path string, data []byte, perm fs.FileMode) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.flush(); err != nil {
		return err
	}
	switch err := os.Link(f.Name(), path); {
	case err == nil:
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s: %w", path, fs.ErrExist)
	default:
		if _, statErr := os.Lstat(path); statErr == nil {
			return fmt.Errorf("%s: %w", path, fs.ErrExist)
		}
		if err := os.Rename(f.Name(), path); err != nil {
			return err
		}
	}
	return SyncDir(filepath.Dir(path))
}

// File is a replacement being written: an *os.File on the temporary file
// (Name is the temporary path, so a caller can read back what it wrote
// before committing it). Commit puts it in place; Abort, safe to defer
// and after Commit, throws it away.
type File struct {
	*os.File
	target string
	done   bool
}

// Create starts a replacement of path, mode perm.
func Create(path string, perm fs.FileMode) (*File, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+tempMarker+"*")
	if err != nil {
		return nil, err
	}
	f := &File{File: tmp, target: path}
	if err := tmp.Chmod(perm); err != nil {
		f.Abort()
		return nil, err
	}
	return f, nil
}

// flush makes the temporary file's contents durable and closes it.
func (f *File) flush() error {
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", f.target, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", f.target, err)
	}
	return nil
}

// Commit syncs the temporary file, renames it over the target and syncs
// the directory.
func (f *File) Commit() error {
	if f.done {
		return fmt.Errorf("%s: already committed or aborted", f.target)
	}
	if err := f.flush(); err != nil {
		f.Abort()
		return err
	}
	if err := os.Rename(f.Name(), f.target); err != nil {
		f.Abort()
		return err
	}
	f.done = true
	return SyncDir(filepath.Dir(f.target))
}

// Abort removes the temporary file unless it was committed.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.Close()
	os.Remove(f.Name())
}

// SyncDir makes a directory's entries (a rename, a new file) durable.
// Not every platform can fsync a directory (Windows cannot); that is not
// worth failing a write over, so only a failure to open it is an error.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	_ = d.Sync()
	return nil
}
