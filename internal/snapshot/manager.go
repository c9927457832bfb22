package snapshot

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/atomicfile"
	"github.com/pingshan/govchain/internal/store"
)

// Format is the snapshot format this build writes and restores: chunks are
// consecutive slices of one gzip stream of encoded IAVL export nodes;
// Metadata is the SHA-256 of every chunk, in order; Hash is the SHA-256 of
// Metadata. A receiver checks each chunk as it arrives and the restored
// tree against the light-client-verified app hash.
const Format uint32 = 1

// DefaultChunkSize is the size of a snapshot chunk (CometBFT's limit is 16 MiB).
const DefaultChunkSize = 4 << 20

// Config tunes the snapshot manager.
type Config struct {
	// Dir holds the snapshots (HOME/data/snapshots).
	Dir string
	// Interval takes a snapshot after every block whose height is a
	// multiple of it; 0 takes none (the node can still restore from
	// others' snapshots).
	Interval int64
	// KeepRecent is how many snapshots to keep (default 2).
	KeepRecent int
	// ChunkSize defaults to DefaultChunkSize.
	ChunkSize int
	Logger    *slog.Logger
}

// Manifest describes one snapshot on disk (DIR/<height>/manifest.json).
type Manifest struct {
	Height      uint64    `json:"height"`
	Format      uint32    `json:"format"`
	Chunks      uint32    `json:"chunks"`
	Hash        string    `json:"hash"`         // hex SHA-256 of the chunk hashes
	ChunkHashes []string  `json:"chunk_hashes"` // hex SHA-256 of each chunk
	AppHash     string    `json:"app_hash"`     // hex root of the state version
	Nodes       int64     `json:"nodes"`
	Bytes       int64     `json:"bytes"`
	Created     time.Time `json:"created"`
	TookMillis  int64     `json:"took_ms"`
}

// Manager takes snapshots of the store and serves and restores them over
// ABCI. Taking runs in its own goroutine from an immutable version, so
// consensus never waits for it.
type Manager struct {
	cfg   Config
	store *store.Store
	log   *slog.Logger

	mu      sync.Mutex
	taking  bool
	closed  bool
	wg      sync.WaitGroup
	restore *restore
	// OnSnapshot, if set, hears about every snapshot taken (tests, metrics).
	OnSnapshot func(*Manifest, error)
}

// NewManager opens (creating) the snapshot directory.
func NewManager(s *store.Store, cfg Config) (*Manager, error) {
	if cfg.KeepRecent <= 0 {
		cfg.KeepRecent = 2
	}
	if cfg.ChunkSize <= 0 {
		cfg.ChunkSize = DefaultChunkSize
	}
	if cfg.Interval < 0 {
		return nil, fmt.Errorf("snapshot interval %d", cfg.Interval)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("snapshot dir: %w", err)
	}
	// Left-overs of an interrupted snapshot or restore.
	if ents, err := os.ReadDir(cfg.Dir); err == nil {
		for _, e := range ents {
			if n := e.Name(); len(n) > 0 && n[0] == '.' {
				os.RemoveAll(filepath.Join(cfg.Dir, n))
			}
		}
	}
	return &Manager{cfg: cfg, store: s, log: cfg.Logger}, nil
}

// Interval is the configured snapshot interval.
func (m *Manager) Interval() int64 { return m.cfg.Interval }

// Committed is called after each commit, on the consensus connection: it
// only decides and starts a goroutine.
func (m *Manager) Committed(version int64) {
	if m.cfg.Interval <= 0 || version <= 0 || version%m.cfg.Interval != 0 {
		return
	}
	m.mu.Lock()
	if m.taking || m.closed || m.restore != nil {
		busy := m.taking
		m.mu.Unlock()
		if busy {
			m.log.Warn("snapshot skipped: the previous one is still being written", "height", version)
		}
		return
	}
	m.taking = true
	m.wg.Add(1)
	m.mu.Unlock()
	go func() {
		defer m.wg.Done()
		man, err := m.Take(version)
		m.mu.Lock()
		m.taking = false
		m.mu.Unlock()
		if err != nil {
			m.log.Error("snapshot failed", "height", version, "err", err)
		} else {
			m.log.Info("snapshot taken", "height", version, "chunks", man.Chunks, "bytes", man.Bytes, "took_ms", man.TookMillis)
		}
		if m.OnSnapshot != nil {
			m.OnSnapshot(man, err)
		}
	}()
}

// Close waits for a snapshot being written; later commits take none.
func (m *Manager) Close() {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
	m.wg.Wait()
}

// chunkWriter cuts a stream into chunk files, hashing each.
type chunkWriter struct {
	dir    string
	size   int
	buf    bytes.Buffer
	hashes []string
	total  int64
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		room := c.size - c.buf.Len()
		if room > len(p) {
			room = len(p)
		}
		c.buf.Write(p[:room])
		p = p[room:]
		if c.buf.Len() == c.size {
			if err := c.flush(); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

func (c *chunkWriter) flush() error {
	if c.buf.Len() == 0 {
		return nil
	}
	sum := sha256.Sum256(c.buf.Bytes())
	name := filepath.Join(c.dir, chunkName(uint32(len(c.hashes))))
	if err := writeFileSync(name, c.buf.Bytes()); err != nil {
		return err
	}
	c.hashes = append(c.hashes, hex.EncodeToString(sum[:]))
	c.total += int64(c.buf.Len())
	c.buf.Reset()
	return nil
}

func chunkName(i uint32) string { return fmt.Sprintf("%06d", i) }

// Take writes a snapshot of state version h now (synchronously).
func (m *Manager) Take(h int64) (*Manifest, error) {
	start := time.Now()
	final := filepath.Join(m.cfg.Dir, strconv.FormatInt(h, 10))
	if _, err := os.Stat(filepath.Join(final, "manifest.json")); err == nil {
		return readManifest(final)
	}
	tmp, err := os.MkdirTemp(m.cfg.Dir, ".taking-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	cw := &chunkWriter{dir: tmp, size: m.cfg.ChunkSize}
	zw, _ := gzip.NewWriterLevel(cw, gzip.BestSpeed)
	var nodes int64
	var buf []byte
	root, err := m.store.Export(h, func(n *store.ExportNode) error {
		buf = encodeNode(buf[:0], n)
		nodes++
		_, err := zw.Write(buf)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if err := cw.flush(); err != nil {
		return nil, err
	}
	man := &Manifest{Height: uint64(h), Format: Format, Chunks: uint32(len(cw.hashes)), ChunkHashes: cw.hashes,
		AppHash: hex.EncodeToString(root), Nodes: nodes, Bytes: cw.total, Created: time.Now().UTC()}
	meta, err := man.metadata()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(meta)
	man.Hash = hex.EncodeToString(sum[:])
	man.TookMillis = time.Since(start).Milliseconds()
	mb, _ := json.MarshalIndent(man, "", "  ")
	if err := writeFileSync(filepath.Join(tmp, "manifest.json"), mb); err != nil {
		return nil, err
	}
	os.RemoveAll(final)
	if err := os.Rename(tmp, final); err != nil {
		return nil, err
	}
	_ = atomicfile.SyncDir(m.cfg.Dir)
	m.prune()
	return man, nil
}

// metadata is the concatenated binary chunk hashes.
func (man *Manifest) metadata() ([]byte, error) {
	out := make([]byte, 0, 32*len(man.ChunkHashes))
	for _, h := range man.ChunkHashes {
		b, err := hex.DecodeString(h)
		if err != nil || len(b) != 32 {
			return nil, fmt.Errorf("bad chunk hash %q", h)
		}
		out = append(out, b...)
	}
	return out, nil
}

func (man *Manifest) abci() (*abci.Snapshot, error) {
	meta, err := man.metadata()
	if err != nil {
		return nil, err
	}
	hash, err := hex.DecodeString(man.Hash)
	if err != nil {
		return nil, err
	}
	return &abci.Snapshot{Height: man.Height, Format: man.Format, Chunks: man.Chunks, Hash: hash, Metadata: meta}, nil
}

func readManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	var man Manifest
	if err := json.Unmarshal(b, &man); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if int(man.Chunks) != len(man.ChunkHashes) {
		return nil, fmt.Errorf("%s: manifest lists %d chunk hashes for %d chunks", dir, len(man.ChunkHashes), man.Chunks)
	}
	return &man, nil
}

// Snapshots lists the snapshots on disk, newest first.
func (m *Manager) Snapshots() ([]*Manifest, error) {
	ents, err := os.ReadDir(m.cfg.Dir)
	if err != nil {
		return nil, err
	}
	var out []*Manifest
	for _, e := range ents {
		h, err := strconv.ParseUint(e.Name(), 10, 64)
		if err != nil || !e.IsDir() {
			continue
		}
		man, err := readManifest(filepath.Join(m.cfg.Dir, e.Name()))
		if err != nil || man.Height != h {
			continue
		}
		out = append(out, man)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Height > out[j].Height })
	return out, nil
}

func (m *Manager) prune() {
	all, err := m.Snapshots()
	if err != nil {
		return
	}
	for i, man := range all {
		if i >= m.cfg.KeepRecent {
			os.RemoveAll(filepath.Join(m.cfg.Dir, strconv.FormatUint(man.Height, 10)))
		}
	}
}

// List answers ListSnapshots.
func (m *Manager) List() (*abci.ListSnapshotsResponse, error) {
	all, err := m.Snapshots()
	if err != nil {
		return nil, err
	}
	res := &abci.ListSnapshotsResponse{}
	for _, man := range all {
		s, err := man.abci()
		if err != nil {
			continue
		}
		res.Snapshots = append(res.Snapshots, s)
	}
	return res, nil
}

// LoadChunk answers LoadSnapshotChunk; a snapshot pruned meanwhile gives
// an empty chunk, which the requester treats as missing.
func (m *Manager) LoadChunk(height uint64, format, chunk uint32) ([]byte, error) {
	if format != Format {
		return nil, nil
	}
	b, err := os.ReadFile(filepath.Join(m.cfg.Dir, strconv.FormatUint(height, 10), chunkName(chunk)))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// restore is a state sync in progress: chunks are checked against the
// offered metadata as they arrive and kept on disk until the last one.
type restore struct {
	snap    *abci.Snapshot
	appHash []byte
	dir     string
	next    uint32
}

// Offer answers OfferSnapshot.
func (m *Manager) Offer(s *abci.Snapshot, appHash []byte) (abci.OfferSnapshotResult, error) {
	if s == nil {
		return abci.OFFER_SNAPSHOT_RESULT_REJECT, nil
	}
	if s.Format != Format {
		return abci.OFFER_SNAPSHOT_RESULT_REJECT_FORMAT, nil
	}
	sum := sha256.Sum256(s.Metadata)
	if s.Chunks == 0 || len(s.Metadata) != 32*int(s.Chunks) || !bytes.Equal(sum[:], s.Hash) || len(appHash) == 0 {
		return abci.OFFER_SNAPSHOT_RESULT_REJECT, nil
	}
	if v := m.store.Version(); v != 0 {
		// CometBFT state-syncs only a node without chain state, so this
		// is what is left of an earlier attempt: start over.
		m.log.Warn("discarding state left by an earlier restore before state sync", "version", v)
		if err := m.store.Reset(); err != nil {
			return abci.OFFER_SNAPSHOT_RESULT_ABORT, err
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.restore != nil {
		os.RemoveAll(m.restore.dir)
		m.restore = nil
	}
	dir, err := os.MkdirTemp(m.cfg.Dir, ".restore-")
	if err != nil {
		return abci.OFFER_SNAPSHOT_RESULT_ABORT, err
	}
	m.restore = &restore{snap: s, appHash: append([]byte{}, appHash...), dir: dir}
	m.log.Info("restoring state snapshot", "height", s.Height, "chunks", s.Chunks)
	return abci.OFFER_SNAPSHOT_RESULT_ACCEPT, nil
}

// ApplyChunk answers ApplySnapshotChunk. CometBFT applies chunks in order.
func (m *Manager) ApplyChunk(index uint32, chunk []byte, sender string) (*abci.ApplySnapshotChunkResponse, error) {
	m.mu.Lock()
	r := m.restore
	m.mu.Unlock()
	if r == nil {
		return &abci.ApplySnapshotChunkResponse{Result: abci.APPLY_SNAPSHOT_CHUNK_RESULT_ABORT}, nil
	}
	if index >= r.snap.Chunks {
		return &abci.ApplySnapshotChunkResponse{Result: abci.APPLY_SNAPSHOT_CHUNK_RESULT_REJECT_SNAPSHOT}, nil
	}
	sum := sha256.Sum256(chunk)
	if !bytes.Equal(sum[:], r.snap.Metadata[32*index:32*index+32]) {
		m.log.Warn("snapshot chunk does not match its hash; refetching from another peer", "chunk", index, "sender", sender)
		res := &abci.ApplySnapshotChunkResponse{Result: abci.APPLY_SNAPSHOT_CHUNK_RESULT_RETRY, RefetchChunks: []uint32{index}}
		if sender != "" {
			res.RejectSenders = []string{sender}
		}
		return res, nil
	}
	if err := writeFileSync(filepath.Join(r.dir, chunkName(index)), chunk); err != nil {
		return nil, err
	}
	if index+1 > r.next {
		r.next = index + 1
	}
	if index+1 < r.snap.Chunks {
		return &abci.ApplySnapshotChunkResponse{Result: abci.APPLY_SNAPSHOT_CHUNK_RESULT_ACCEPT}, nil
	}
	// Last chunk: rebuild the tree; the root must be the trusted app hash.
	err := m.importChunks(r)
	m.mu.Lock()
	os.RemoveAll(r.dir)
	m.restore = nil
	m.mu.Unlock()
	if err != nil {
		m.log.Error("snapshot restore failed; trying another snapshot", "height", r.snap.Height, "err", err)
		return &abci.ApplySnapshotChunkResponse{Result: abci.APPLY_SNAPSHOT_CHUNK_RESULT_REJECT_SNAPSHOT}, nil
	}
	m.log.Info("state snapshot restored", "height", r.snap.Height, "app_hash", hex.EncodeToString(r.appHash))
	return &abci.ApplySnapshotChunkResponse{Result: abci.APPLY_SNAPSHOT_CHUNK_RESULT_ACCEPT}, nil
}

func (m *Manager) importChunks(r *restore) error {
	readers := make([]io.Reader, 0, r.snap.Chunks)
	var files []*os.File
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for i := uint32(0); i < r.snap.Chunks; i++ {
		f, err := os.Open(filepath.Join(r.dir, chunkName(i)))
		if err != nil {
			return fmt.Errorf("chunk %d: %w", i, err)
		}
		files = append(files, f)
		readers = append(readers, f)
	}
	zr, err := gzip.NewReader(io.MultiReader(readers...))
	if err != nil {
		return err
	}
	nr := newNodeReader(zr)
	return m.store.Import(int64(r.snap.Height), r.appHash, nr.next)
}

func writeFileSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
