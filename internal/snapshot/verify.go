package snapshot

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pingshan/govchain/internal/store"
)

// VerifyError says which file of a snapshot does not verify.
type VerifyError struct {
	File string
	Err  error
}

func (e *VerifyError) Error() string { return e.File + ": " + e.Err.Error() }
func (e *VerifyError) Unwrap() error { return e.Err }

// Verify re-checks a snapshot on disk (DIR/<height>) the way a node
// state-syncing from it would, and more: the manifest is in the exact form
// Take writes it, every chunk hashes to its manifest entry, the snapshot
// hash is the hash of the chunk hashes, and the chunks decode into a tree
// (in memory) whose root is the manifest's app hash, with the node and
// byte counts it records. The caller compares the app hash with the
// chain. Its created and took_ms fields are informational and cannot be
// checked.
func Verify(dir string) (*Manifest, error) {
	mpath := filepath.Join(dir, "manifest.json")
	bad := func(file string, format string, a ...any) error {
		return &VerifyError{File: file, Err: fmt.Errorf(format, a...)}
	}
	raw, err := os.ReadFile(mpath)
	if err != nil {
		return nil, bad(mpath, "%v", err)
	}
	man, err := readManifest(dir)
	if err != nil {
		return nil, bad(mpath, "%v", err)
	}
	if again, _ := json.MarshalIndent(man, "", "  "); !bytes.Equal(again, raw) {
		return nil, bad(mpath, "not in the form the node writes (a changed byte outside the values)")
	}
	if fmt.Sprint(man.Height) != filepath.Base(dir) || man.Format != Format {
		return nil, bad(mpath, "height %d format %d in directory %s", man.Height, man.Format, filepath.Base(dir))
	}
	meta, err := man.metadata()
	if err != nil {
		return nil, bad(mpath, "%v", err)
	}
	if sum := sha256.Sum256(meta); hex.EncodeToString(sum[:]) != man.Hash {
		return nil, bad(mpath, "snapshot hash %s is not the hash of its chunk hashes (%x)", man.Hash, sum)
	}
	var chunks []io.Reader
	var total int64
	for i := uint32(0); i < man.Chunks; i++ {
		p := filepath.Join(dir, chunkName(i))
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, bad(p, "%v", err)
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != man.ChunkHashes[i] {
			return nil, bad(p, "chunk %d hashes to %x; the manifest records %s", i, sum, man.ChunkHashes[i])
		}
		total += int64(len(b))
		chunks = append(chunks, bytes.NewReader(b))
	}
	if total != man.Bytes {
		return nil, bad(mpath, "records %d bytes; the chunks hold %d", man.Bytes, total)
	}
	root, err := hex.DecodeString(man.AppHash)
	if err != nil || len(root) == 0 {
		return nil, bad(mpath, "app hash %q", man.AppHash)
	}
	zr, err := gzip.NewReader(io.MultiReader(chunks...))
	if err != nil {
		return nil, bad(dir, "chunks do not decompress: %v", err)
	}
	mem, err := store.OpenMemory()
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	nr := newNodeReader(zr)
	var nodes int64
	next := func() (*store.ExportNode, error) {
		n, err := nr.next()
		if err == nil {
			nodes++
		}
		return n, err
	}
	if err := mem.Import(int64(man.Height), root, next); err != nil {
		return nil, bad(dir, "chunks do not rebuild the state of app hash %s: %v", man.AppHash, err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil {
		return nil, bad(dir, "chunks do not decompress to their end: %v", err)
	}
	if nodes != man.Nodes {
		return nil, bad(mpath, "records %d nodes; the chunks hold %d", man.Nodes, nodes)
	}
	return man, nil
}
