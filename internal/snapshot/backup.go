package snapshot

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"time"

	cmtstate "github.com/cometbft/cometbft/api/cometbft/state/v1"
	cfg "github.com/cometbft/cometbft/config"
	sm "github.com/cometbft/cometbft/state"
	cmtstore "github.com/cometbft/cometbft/store"
	"github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"
	"github.com/cosmos/gogoproto/proto"

	"github.com/pingshan/govchain/internal/atomicfile"
	"github.com/pingshan/govchain/internal/proof"
	"github.com/pingshan/govchain/internal/store"
)

// A backup file is the magic line, then one gzip stream of records
// (tag byte, uvarint length, payload), in this order:
//
//	M  manifest (JSON)
//	G  genesis.json as the node had it
//	S  CometBFT state after block H (protobuf), as state sync builds it
//	C  the commit of block H (the node's "seen commit" after restore)
//	L  header of block H (protobuf)
//	U  signed header of block H+1 (protobuf): its AppHash is the state's
//	V  the validator-set transitions from genesis to the set of block H+1
//	   (JSON, a proof bundle's "validator_transitions"); only when the set
//	   changed, so a backup of a chain that never changed validators is
//	   what it was before this record existed
//	A  the access log, in pieces (may be absent)
//	N  one IAVL export node of state version H (many)
//	E  SHA-256 of every record before it (tag, length and payload)
//
// Import checks the signatures of blocks H and H+1 against the genesis
// validators (handed on through V's transitions, backup_validators.go),
// that the state re-hashes to the signed app hash, and the trailing
// digest, before the home uses any of it.
const backupMagic = "GOVCHAIN-BACKUP 1\n"

// BackupFormat is the manifest's format number of a backup of a chain that
// still has its genesis validators: no V record, the format of backups
// made before validator changes were possible.
const BackupFormat = 1

// BackupFormatTransitions is the format of a backup with a V record. Its
// own number makes a build that cannot check transitions say "format 2"
// rather than "corrupt".
const BackupFormatTransitions = 2

// BackupManifest describes a backup file.
type BackupManifest struct {
	Format         int       `json:"format"`
	ChainID        string    `json:"chain_id"`
	Height         int64     `json:"height"`
	AppHash        string    `json:"app_hash"`
	GenesisSHA256  string    `json:"genesis_sha256"`
	Created        time.Time `json:"created"`
	FromRunning    bool      `json:"from_running_node"`
	AccessLogBytes int64     `json:"access_log_bytes"`
	Nodes          int64     `json:"nodes,omitempty"`
	// ValidatorChanges is how many validator-set transitions the V record
	// holds; absent (0) on a chain that still has its genesis validators,
	// so such a backup's manifest is what it was before the field existed.
	ValidatorChanges int `json:"validator_changes,omitempty"`
}

// ExportSource is what Export reads.
type ExportSource struct {
	Store      *store.Store
	Chain      Chain
	Genesis    *types.GenesisDoc
	GenesisRaw []byte
	// AccessLog is the access log file to include ("" or missing: none).
	AccessLog string
	Running   bool
	// Height is the state version to export; 0 picks the newest one whose
	// next block (which signs its app hash) is stored.
	Height int64
	// Saved are the validator changes before the chain's base that a
	// restored node keeps (LoadTransitions; nil: none), so that a node
	// restored after a change can be backed up again.
	Saved *SavedTransitions
}

type recordWriter struct {
	w   io.Writer
	sum hash.Hash
	buf []byte
}

func (rw *recordWriter) put(tag byte, payload []byte) error {
	rw.buf = append(rw.buf[:0], tag)
	rw.buf = binary.AppendUvarint(rw.buf, uint64(len(payload)))
	rw.sum.Write(rw.buf)
	rw.sum.Write(payload)
	if _, err := rw.w.Write(rw.buf); err != nil {
		return err
	}
	_, err := rw.w.Write(payload)
	return err
}

// Export writes a backup of state version H with what a node needs to
// resume from it, to w.
func Export(w io.Writer, src ExportSource) (*BackupManifest, error) {
	h := src.Height
	newest := src.Chain.Height() - 1
	if v := src.Store.Version(); v < newest {
		newest = v
	}
	if h == 0 {
		h = newest
	}
	if h < 1 || h > newest {
		return nil, fmt.Errorf("cannot back up state %d: the node has state up to %d and blocks up to %d (state H needs block H+1)",
			h, src.Store.Version(), src.Chain.Height())
	}
	if h < src.Store.Base() {
		return nil, fmt.Errorf("state %d is older than this node's first state %d", h, src.Store.Base())
	}
	st, commitH, headerH, sh, err := chainState(src.Chain, src.Genesis, h)
	if err != nil {
		return nil, err
	}
	root, err := src.Store.RootAt(h)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(root, st.AppHash) {
		return nil, fmt.Errorf("state %d has root %X but block %d says %X: run `govchain audit`", h, root, h+1, st.AppHash)
	}
	transitions, err := exportTransitions(src.Chain, src.Genesis, src.Saved, h)
	if err != nil {
		return nil, fmt.Errorf("validator changes up to block %d: %w", h+1, err)
	}
	gsum := sha256.Sum256(src.GenesisRaw)
	man := &BackupManifest{Format: BackupFormat, ChainID: src.Genesis.ChainID, Height: h, AppHash: hex.EncodeToString(root),
		GenesisSHA256: hex.EncodeToString(gsum[:]), Created: time.Now().UTC(), FromRunning: src.Running,
		ValidatorChanges: len(transitions)}
	if len(transitions) > 0 {
		man.Format = BackupFormatTransitions
	}
	var logBytes []byte
	if src.AccessLog != "" {
		if logBytes, err = readCompleteLines(src.AccessLog); err != nil {
			return nil, err
		}
		man.AccessLogBytes = int64(len(logBytes))
	}

	if _, err := io.WriteString(w, backupMagic); err != nil {
		return nil, err
	}
	zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
	bw := bufio.NewWriterSize(zw, 256<<10)
	rw := &recordWriter{w: bw, sum: sha256.New()}
	stpb, err := st.ToProto()
	if err != nil {
		return nil, err
	}
	manJSON, _ := json.Marshal(man)
	parts := []struct {
		tag byte
		msg proto.Message
		raw []byte
	}{
		{tag: 'M', raw: manJSON},
		{tag: 'G', raw: src.GenesisRaw},
		{tag: 'S', msg: stpb},
		{tag: 'C', msg: commitH.ToProto()},
		{tag: 'L', msg: headerH.ToProto()},
		{tag: 'U', msg: sh.ToProto()},
	}
	if len(transitions) > 0 {
		vb, err := proof.EncodeTransitions(transitions)
		if err != nil {
			return nil, err
		}
		parts = append(parts, struct {
			tag byte
			msg proto.Message
			raw []byte
		}{tag: 'V', raw: vb})
	}
	for _, p := range parts {
		b := p.raw
		if p.msg != nil {
			if b, err = proto.Marshal(p.msg); err != nil {
				return nil, err
			}
		}
		if err := rw.put(p.tag, b); err != nil {
			return nil, err
		}
	}
	for off := 0; off < len(logBytes); off += 1 << 20 {
		end := min(off+1<<20, len(logBytes))
		if err := rw.put('A', logBytes[off:end]); err != nil {
			return nil, err
		}
	}
	var nb []byte
	if _, err := src.Store.Export(h, func(n *store.ExportNode) error {
		man.Nodes++
		nb = encodeNode(nb[:0], n)
		return rw.put('N', nb)
	}); err != nil {
		return nil, err
	}
	if err := rw.put('E', rw.sum.Sum(nil)); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return man, nil
}

// chainState builds CometBFT's state after block h the way state sync's
// light-client state provider does, from blocks h and h+1 and the
// validator sets of h, h+1 and h+2.
func chainState(c Chain, gen *types.GenesisDoc, h int64) (st sm.State, commitH *types.Commit, headerH *types.Header, sh *types.SignedHeader, err error) {
	last, cur := c.BlockMeta(h), c.BlockMeta(h+1)
	if last == nil || cur == nil {
		return st, nil, nil, nil, fmt.Errorf("blocks %d and %d are needed and not both stored", h, h+1)
	}
	commitH, commitH1 := c.Commit(h), c.Commit(h+1)
	if commitH == nil || commitH1 == nil {
		return st, nil, nil, nil, fmt.Errorf("the commits of blocks %d and %d are needed and not both stored", h, h+1)
	}
	st = sm.State{ChainID: gen.ChainID, InitialHeight: gen.InitialHeight}
	if st.InitialHeight == 0 {
		st.InitialHeight = 1
	}
	st.Version = cmtstate.Version{Consensus: cur.Header.Version, Software: version.CMTSemVer}
	st.LastBlockHeight = h
	st.LastBlockTime = last.Header.Time
	st.LastBlockID = last.BlockID
	st.AppHash = cur.Header.AppHash
	st.LastResultsHash = cur.Header.LastResultsHash
	if st.LastValidators, err = c.Validators(h); err != nil {
		return st, nil, nil, nil, fmt.Errorf("validators of %d: %w", h, err)
	}
	if st.Validators, err = c.Validators(h + 1); err != nil {
		return st, nil, nil, nil, fmt.Errorf("validators of %d: %w", h+1, err)
	}
	if st.NextValidators, err = c.Validators(h + 2); err != nil {
		return st, nil, nil, nil, fmt.Errorf("validators of %d: %w", h+2, err)
	}
	st.LastHeightValidatorsChanged = h + 2
	if st.ConsensusParams, err = c.ConsensusParams(h + 1); err != nil {
		return st, nil, nil, nil, fmt.Errorf("consensus params of %d: %w", h+1, err)
	}
	st.LastHeightConsensusParamsChanged = h + 1
	hdr := last.Header
	return st, commitH, &hdr, &types.SignedHeader{Header: &cur.Header, Commit: commitH1}, nil
}

// readCompleteLines reads a file up to its last newline (an entry being
// appended right now is left for the next backup).
func readCompleteLines(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return b[:bytes.LastIndexByte(b, '\n')+1], nil
}

// ImportTarget is the home a backup is restored into.
type ImportTarget struct {
	Comet      *cfg.Config
	Genesis    *types.GenesisDoc
	GenesisRaw []byte
	StateDir   string
	AccessLog  string
	// Transitions is where the backup's verified validator changes are
	// saved (HOME/data/validator_transitions.json) for the restored node,
	// whose blocks start after them; "" saves nothing.
	Transitions string
}

type recordReader struct {
	r   *bufio.Reader
	sum hash.Hash
}

func (rr *recordReader) next() (byte, []byte, error) {
	tag, err := rr.r.ReadByte()
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("backup ends without its digest record: truncated")
		}
		return 0, nil, err
	}
	l, err := binary.ReadUvarint(rr.r)
	if err != nil {
		return 0, nil, fmt.Errorf("corrupt backup: %w", err)
	}
	if l > 64<<20 {
		return 0, nil, fmt.Errorf("corrupt backup: record of %d bytes", l)
	}
	payload := make([]byte, l)
	if _, err := io.ReadFull(rr.r, payload); err != nil {
		return 0, nil, fmt.Errorf("corrupt or truncated backup: %w", err)
	}
	if tag != 'E' {
		var hdr []byte
		hdr = append(hdr, tag)
		hdr = binary.AppendUvarint(hdr, l)
		rr.sum.Write(hdr)
		rr.sum.Write(payload)
	}
	return tag, payload, nil
}

func (rr *recordReader) expect(tag byte) ([]byte, error) {
	t, p, err := rr.next()
	if err != nil {
		return nil, err
	}
	if t != tag {
		return nil, fmt.Errorf("corrupt backup: record %q where %q belongs", t, tag)
	}
	return p, nil
}

// chainRecords are the CometBFT records after the genesis: S, C, L, U and
// the optional V (nil when absent).
type chainRecords struct {
	state, commit, header, signed, transitions []byte
}

// readChainRecords reads S, C, L, U and V if it is there, and returns the
// record after them, which the caller reads next (A, N or E).
func readChainRecords(rr *recordReader) (recs chainRecords, tag byte, next []byte, err error) {
	for _, r := range []struct {
		tag byte
		dst *[]byte
	}{{'S', &recs.state}, {'C', &recs.commit}, {'L', &recs.header}, {'U', &recs.signed}} {
		if *r.dst, err = rr.expect(r.tag); err != nil {
			return recs, 0, nil, err
		}
	}
	if tag, next, err = rr.next(); err != nil {
		return recs, 0, nil, err
	}
	if tag == 'V' {
		// An empty V is not "no transitions": that is no V at all.
		if recs.transitions = next; recs.transitions == nil {
			recs.transitions = []byte{}
		}
		if tag, next, err = rr.next(); err != nil {
			return recs, 0, nil, err
		}
	}
	return recs, tag, next, nil
}

// ReadManifest reads only a backup's manifest.
func ReadManifest(r io.Reader) (*BackupManifest, error) {
	rr, err := openBackup(r)
	if err != nil {
		return nil, err
	}
	mb, err := rr.expect('M')
	if err != nil {
		return nil, err
	}
	var man BackupManifest
	if err := json.Unmarshal(mb, &man); err != nil {
		return nil, fmt.Errorf("backup manifest: %w", err)
	}
	return &man, nil
}

func openBackup(r io.Reader) (*recordReader, error) {
	br := bufio.NewReader(r)
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != backupMagic {
		return nil, errors.New("not a govchain backup file")
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("corrupt backup: %w", err)
	}
	return &recordReader{r: bufio.NewReaderSize(zr, 256<<10), sum: sha256.New()}, nil
}

// openBackupHead opens a backup and reads what every reader needs first:
// the manifest (of a format this build reads) and the genesis inside it.
func openBackupHead(r io.Reader) (*recordReader, *BackupManifest, []byte, error) {
	rr, err := openBackup(r)
	if err != nil {
		return nil, nil, nil, err
	}
	mb, err := rr.expect('M')
	if err != nil {
		return nil, nil, nil, err
	}
	var man BackupManifest
	if err := json.Unmarshal(mb, &man); err != nil {
		return nil, nil, nil, fmt.Errorf("backup manifest: %w", err)
	}
	if err := checkFormat(&man); err != nil {
		return nil, nil, nil, err
	}
	g, err := rr.expect('G')
	if err != nil {
		return nil, nil, nil, err
	}
	return rr, &man, g, nil
}

// Import restores a backup into an initialised home whose data directory
// holds no chain yet. On any failure nothing usable is left behind: the
// state store is emptied and CometBFT's databases are not written.
func Import(r io.Reader, dst ImportTarget) (*BackupManifest, error) {
	rr, man, g, err := openBackupHead(r)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(g, dst.GenesisRaw) {
		return nil, fmt.Errorf("the backup is of chain %q with another genesis.json than this home's (chain %q): copy the right config/genesis.json first", man.ChainID, dst.Genesis.ChainID)
	}
	recs, tag, p, err := readChainRecords(rr)
	if err != nil {
		return nil, err
	}
	st, commitH, _, transitions, err := verifyChainRecords(dst.Genesis, man, recs)
	if err != nil {
		return nil, err
	}
	if hex.EncodeToString(st.AppHash) != man.AppHash {
		return nil, fmt.Errorf("corrupt backup: manifest app hash %s, signed header %X", man.AppHash, st.AppHash)
	}

	// The target must not hold a chain already.
	if err := checkEmptyChain(dst.Comet); err != nil {
		return nil, err
	}
	// Access log pieces, then the state nodes straight into the store.
	var logTmp *atomicfile.File
	if dst.AccessLog != "" {
		if _, err := os.Stat(dst.AccessLog); err == nil {
			return nil, fmt.Errorf("%s exists: this home already has an access log", dst.AccessLog)
		}
		if logTmp, err = atomicfile.Create(dst.AccessLog, 0o600); err != nil {
			return nil, err
		}
		defer logTmp.Abort()
	}
	st0, err := store.Open(dst.StateDir)
	if err != nil {
		return nil, err
	}
	defer st0.Close()
	if st0.Version() != 0 {
		return nil, fmt.Errorf("%s already holds state up to version %d: restore into an empty home", dst.StateDir, st0.Version())
	}
	var pending *store.ExportNode
	for err == nil && tag == 'A' {
		if logTmp != nil {
			if _, err = logTmp.Write(p); err != nil {
				return nil, err
			}
		}
		tag, p, err = rr.next()
	}
	if err != nil {
		return nil, err
	}
	var digest []byte
	var logged int64
	if logTmp != nil {
		fi, _ := logTmp.Stat()
		logged = fi.Size()
	}
	if logged != man.AccessLogBytes && dst.AccessLog != "" {
		return nil, fmt.Errorf("corrupt backup: %d access log bytes, manifest says %d", logged, man.AccessLogBytes)
	}
	decode := func(b []byte) (*store.ExportNode, error) {
		n, err := newNodeReader(bytes.NewReader(b)).next()
		if err != nil {
			return nil, err
		}
		return n, nil
	}
	if tag == 'N' {
		if pending, err = decode(p); err != nil {
			return nil, err
		}
	} else if tag == 'E' {
		digest = p
	} else {
		return nil, fmt.Errorf("corrupt backup: unexpected record %q", tag)
	}
	next := func() (*store.ExportNode, error) {
		if pending != nil {
			n := pending
			pending = nil
			return n, nil
		}
		if digest != nil {
			return nil, io.EOF
		}
		t, b, err := rr.next()
		if err != nil {
			return nil, err
		}
		switch t {
		case 'N':
			return decode(b)
		case 'E':
			digest = b
			return nil, io.EOF
		default:
			return nil, fmt.Errorf("corrupt backup: unexpected record %q among state nodes", t)
		}
	}
	want := rr.sum
	if err := st0.Import(man.Height, st.AppHash, next); err != nil {
		return nil, err
	}
	if !bytes.Equal(digest, want.Sum(nil)) {
		st0.Reset()
		return nil, errors.New("corrupt backup: the digest at its end does not match its contents")
	}
	// The node's first block will be H+1: the changes up to its set are
	// the ones verified above. Saved before CometBFT is bootstrapped, so
	// that a restored chain never lacks them.
	if dst.Transitions != "" {
		if err := SaveTransitions(dst.Transitions, dst.Genesis.ChainID, man.Height+1, transitions); err != nil {
			st0.Reset()
			return nil, fmt.Errorf("save the validator changes: %w", err)
		}
	}
	if err := bootstrapComet(dst.Comet, st, commitH); err != nil {
		st0.Reset()
		if dst.Transitions != "" {
			os.Remove(dst.Transitions)
		}
		return nil, err
	}
	if logTmp != nil && logged > 0 {
		if err := logTmp.Commit(); err != nil {
			return nil, err
		}
	}
	return man, nil
}

// checkFormat refuses a backup this build cannot read.
func checkFormat(man *BackupManifest) error {
	if man.Format != BackupFormat && man.Format != BackupFormatTransitions {
		return fmt.Errorf("backup format %d; this build reads %d and %d", man.Format, BackupFormat, BackupFormatTransitions)
	}
	return nil
}

// formatFor is the format of a backup carrying n validator changes.
func formatFor(n int) int {
	if n > 0 {
		return BackupFormatTransitions
	}
	return BackupFormat
}

// decodeRecord unmarshals a stored CometBFT record and converts it from its
// protobuf form with from.
func decodeRecord[P any, PP interface {
	*P
	proto.Message
}, T any](b []byte, from func(PP) (T, error)) (T, error) {
	pb := PP(new(P))
	if err := proto.Unmarshal(b, pb); err != nil {
		var zero T
		return zero, err
	}
	return from(pb)
}

// verifyChainRecords decodes the CometBFT records and checks them against
// the genesis validators: block H's and H+1's commits carry > 2/3 of their
// signatures, and every field of the state is the one those blocks commit to.
func verifyChainRecords(gen *types.GenesisDoc, man *BackupManifest, recs chainRecords) (*sm.State, *types.Commit, *types.SignedHeader, []proof.Transition, error) {
	h := man.Height
	bad := func(format string, a ...any) error {
		return fmt.Errorf("backup does not verify: "+format, a...)
	}
	st, err := decodeRecord(recs.state, sm.FromProto)
	if err != nil {
		return nil, nil, nil, nil, bad("state: %v", err)
	}
	commitH, err := decodeRecord(recs.commit, types.CommitFromProto)
	if err != nil {
		return nil, nil, nil, nil, bad("commit: %v", err)
	}
	hdrH, err := decodeRecord(recs.header, types.HeaderFromProto)
	if err != nil {
		return nil, nil, nil, nil, bad("header: %v", err)
	}
	sh, err := decodeRecord(recs.signed, types.SignedHeaderFromProto)
	if err != nil {
		return nil, nil, nil, nil, bad("signed header: %v", err)
	}
	var transitions []proof.Transition
	if recs.transitions != nil {
		if transitions, err = proof.DecodeTransitions(recs.transitions); err != nil {
			return nil, nil, nil, nil, bad("validator transitions: %w", err)
		}
	}
	if len(transitions) != man.ValidatorChanges {
		return nil, nil, nil, nil, bad("the manifest says %d validator changes, the backup holds %d", man.ValidatorChanges, len(transitions))
	}
	if want := formatFor(len(transitions)); man.Format != want {
		return nil, nil, nil, nil, bad("format %d with %d validator changes (want format %d)", man.Format, len(transitions), want)
	}
	chainID := gen.ChainID
	switch {
	case st.ChainID != chainID || st.LastBlockHeight != h:
		return nil, nil, nil, nil, bad("state is of chain %q height %d", st.ChainID, st.LastBlockHeight)
	case st.LastValidators == nil || st.Validators == nil || st.NextValidators == nil:
		return nil, nil, nil, nil, bad("state lacks validator sets")
	}
	if err := sh.ValidateBasic(chainID); err != nil {
		return nil, nil, nil, nil, bad("header %d: %v", h+1, err)
	}
	if sh.Height != h+1 {
		return nil, nil, nil, nil, bad("signed header is of height %d, not %d", sh.Height, h+1)
	}
	if err := checkStateValidators(gen, st, &hdrH, sh, transitions); err != nil {
		return nil, nil, nil, nil, bad("%w", err)
	}
	if err := st.Validators.VerifyCommitLight(chainID, sh.Commit.BlockID, h+1, sh.Commit); err != nil {
		return nil, nil, nil, nil, bad("block %d is not signed by > 2/3 of the validators: %v", h+1, err)
	}
	if err := st.LastValidators.VerifyCommitLight(chainID, st.LastBlockID, h, commitH); err != nil {
		return nil, nil, nil, nil, bad("block %d is not signed by > 2/3 of the validators: %v", h, err)
	}
	hd := sh.Header
	switch {
	case !bytes.Equal(hdrH.Hash(), st.LastBlockID.Hash) || hdrH.Height != h:
		return nil, nil, nil, nil, bad("header %d does not hash to the signed block id", h)
	case !hdrH.Time.Equal(st.LastBlockTime):
		return nil, nil, nil, nil, bad("block time of %d differs from the signed header", h)
	case !hd.LastBlockID.Equals(st.LastBlockID):
		return nil, nil, nil, nil, bad("block %d does not follow the state's last block", h+1)
	case !bytes.Equal(hd.AppHash, st.AppHash):
		return nil, nil, nil, nil, bad("app hash %X, block %d signs %X", st.AppHash, h+1, hd.AppHash)
	case !bytes.Equal(hd.LastResultsHash, st.LastResultsHash):
		return nil, nil, nil, nil, bad("results hash differs from block %d", h+1)
	case !bytes.Equal(hd.ConsensusHash, st.ConsensusParams.Hash()):
		return nil, nil, nil, nil, bad("consensus params differ from block %d", h+1)
	case st.InitialHeight != max(gen.InitialHeight, 1):
		return nil, nil, nil, nil, bad("initial height %d, genesis %d", st.InitialHeight, gen.InitialHeight)
	}
	return st, commitH, sh, transitions, nil
}

// checkEmptyChain refuses a home whose block store or state store holds blocks.
func checkEmptyChain(conf *cfg.Config) error {
	c, err := OpenChain(conf)
	if err != nil {
		if errors.Is(err, ErrNodeRunning) {
			return err
		}
		return nil // no databases yet
	}
	defer c.Close()
	if c.Blocks.Height() > 0 {
		return fmt.Errorf("%s already holds blocks up to %d: restore into a home without chain data", conf.DBDir(), c.Blocks.Height())
	}
	st, err := c.State.Load()
	if err == nil && !st.IsEmpty() {
		return fmt.Errorf("%s already holds CometBFT state at height %d: restore into a home without chain data", conf.DBDir(), st.LastBlockHeight)
	}
	return nil
}

// bootstrapComet writes CometBFT's state and seen commit for height H the
// way offline state sync does, so the node starts at H+1 and block-syncs
// from its peers.
func bootstrapComet(conf *cfg.Config, st *sm.State, commitH *types.Commit) error {
	bdb, err := OpenCometDB(conf, "blockstore")
	if err != nil {
		return err
	}
	defer bdb.Close()
	sdb, err := OpenCometDB(conf, "state")
	if err != nil {
		return err
	}
	defer sdb.Close()
	bs := cmtstore.NewBlockStore(bdb, cmtstore.WithDBKeyLayout(conf.Storage.ExperimentalKeyLayout))
	ss := sm.NewStore(sdb, sm.StoreOptions{DiscardABCIResponses: conf.Storage.DiscardABCIResponses, DBKeyLayout: conf.Storage.ExperimentalKeyLayout})
	if !bs.IsEmpty() {
		return errors.New("block store not empty")
	}
	if err := ss.Bootstrap(*st); err != nil {
		return fmt.Errorf("bootstrap state: %w", err)
	}
	if err := bs.SaveSeenCommit(st.LastBlockHeight, commitH); err != nil {
		return fmt.Errorf("save commit: %w", err)
	}
	if err := ss.SetOfflineStateSyncHeight(st.LastBlockHeight); err != nil {
		return fmt.Errorf("set state-synced height: %w", err)
	}
	return nil
}

// VerifyBackup reads a whole backup without writing anything: the
// signatures and state fields against the genesis inside it, the state
// nodes re-hashed to the signed app hash, and the trailing digest.
func VerifyBackup(r io.Reader) (*BackupManifest, error) {
	rr, man, g, err := openBackupHead(r)
	if err != nil {
		return nil, err
	}
	gen, err := types.GenesisDocFromJSON(g)
	if err != nil {
		return nil, fmt.Errorf("backup genesis: %w", err)
	}
	recs, t, p, err := readChainRecords(rr)
	if err != nil {
		return nil, err
	}
	st, _, _, _, err := verifyChainRecords(gen, man, recs)
	if err != nil {
		return nil, err
	}
	th := store.NewTreeHasher()
	var logBytes int64
	for first := true; ; first = false {
		if !first {
			if t, p, err = rr.next(); err != nil {
				return nil, err
			}
		}
		switch t {
		case 'A':
			logBytes += int64(len(p))
			continue
		case 'N':
			n, err := newNodeReader(bytes.NewReader(p)).next()
			if err != nil {
				return nil, err
			}
			if err := th.Add(n); err != nil {
				return nil, err
			}
			man.Nodes++
			continue
		case 'E':
		default:
			return nil, fmt.Errorf("corrupt backup: unexpected record %q", t)
		}
		if !bytes.Equal(p, rr.sum.Sum(nil)) {
			return nil, errors.New("corrupt backup: the digest at its end does not match its contents")
		}
		break
	}
	root, err := th.Root()
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(root, st.AppHash) {
		return nil, fmt.Errorf("backup does not verify: the state hashes to %X, block %d signs %X", root, man.Height+1, st.AppHash)
	}
	if logBytes != man.AccessLogBytes {
		return nil, fmt.Errorf("corrupt backup: %d access log bytes, manifest says %d", logBytes, man.AccessLogBytes)
	}
	return man, nil
}
