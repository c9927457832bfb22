package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"sync"
)

// The in-browser verify page: the Go verifier (internal/proof, built for
// js/wasm by cmd/verifywasm) runs in the citizen's browser, against the
// genesis whose SHA-256 the page shows for comparison with the one the
// city publishes. Once the page has loaded, the node is not needed.

//go:generate sh -c "GOOS=js GOARCH=wasm go build -tags force64bit -trimpath -ldflags=-s -o verifier/verify.wasm ../../cmd/verifywasm && cp \"$(go env GOROOT)/lib/wasm/wasm_exec.js\" verifier/wasm_exec.js"

//go:embed verifier
var verifierFiles embed.FS

// Verifier is the in-browser verifier's two files.
type Verifier struct {
	WASM   []byte // cmd/verifywasm for GOOS=js GOARCH=wasm
	ExecJS []byte // Go's wasm_exec.js of the same Go release
}

// embeddedVerifier is what go generate put into verifier/, if anything.
func embeddedVerifier() *Verifier {
	w, err1 := fs.ReadFile(verifierFiles, "verifier/verify.wasm")
	x, err2 := fs.ReadFile(verifierFiles, "verifier/wasm_exec.js")
	if err1 != nil || err2 != nil {
		return nil
	}
	return &Verifier{WASM: w, ExecJS: x}
}

// offlineCSP allows this node's own scripts and WebAssembly compilation on
// the one page that needs them; fetches go to this node only (the genesis
// and the wasm, at load time).
const offlineCSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

type offlinePage struct {
	Built         bool
	ChainID       string
	GenesisSHA256 string
}

func (p *Portal) offlineVerifyRoutes() {
	v := p.opt.Verifier
	if v == nil {
		v = embeddedVerifier()
	}
	genesis, gerr := os.ReadFile(p.n.Home.GenesisFile())
	sum := sha256.Sum256(genesis)
	d := offlinePage{Built: v != nil && gerr == nil, ChainID: p.n.Genesis.ChainID, GenesisSHA256: hex.EncodeToString(sum[:])}
	p.Page("GET /verify/offline", func(w http.ResponseWriter, r *http.Request) {
		if d.Built {
			w.Header().Set("Content-Security-Policy", offlineCSP)
		}
		p.Render(w, r, Page{Template: "verify_offline.html", Title: "voff.title", Active: "verify", Data: d})
	})
	if !d.Built {
		return
	}
	file := func(path, ctype string, body []byte) {
		// Compressed once, on first use: the verifier is ~30 MB, ~7 MB gzipped.
		gz := sync.OnceValue(func() []byte {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(body)
			zw.Close()
			return buf.Bytes()
		})
		p.mux.Handle("GET "+path, p.secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Type", ctype)
			h.Set("Cache-Control", "no-cache")
			h.Add("Vary", "Accept-Encoding")
			if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				h.Set("Content-Encoding", "gzip")
				w.Write(gz())
				return
			}
			w.Write(body)
		})))
	}
	file("/verify/offline/verify.wasm", "application/wasm", v.WASM)
	file("/verify/offline/wasm_exec.js", "text/javascript; charset=utf-8", v.ExecJS)
	file("/verify/offline/genesis.json", "application/json", genesis)
}
