package web

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"

	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/disclosure"
	"github.com/pingshan/govchain/internal/module/notary"
	"github.com/pingshan/govchain/internal/proof"
)

func (p *Portal) verifyRoutes() {
	p.Page("GET /verify", p.verifyPage)
	p.Page("POST /verify", p.verifyUpload)
	p.API("GET", "/api/v1/verify", APIDoc{Summary: "Resolve a document verification code and prove the record live against the validators", Tag: "verify",
		Query: map[string]string{"code": "verification code, document number, receipt number, document hash or tx hash (required)"}, Response: "Verification"}, p.apiVerifyCode)
	p.API("POST", "/api/v1/verify", APIDoc{Summary: "Verify a proof bundle (the body) offline against this chain's genesis", Tag: "verify",
		Body: "ProofBundle", Response: "Verification", Also: map[int]string{http.StatusUnprocessableEntity: "Verification"}}, p.apiVerifyBundle)
}

func proofPath(key string) string { return "/api/v1/proofs?key=" + url.QueryEscape(key) }

// Verification is what the verify page and API report.
type Verification struct {
	Authentic bool   `json:"authentic"`
	Reason    string `json:"reason,omitempty"`
	// Record is what the code resolved to (code lookups only).
	Record *Verified `json:"record,omitempty"`
	// Result is the proof check: block, time, signatures.
	Result     *proof.Result    `json:"result,omitempty"`
	Validators []ValidatorCheck `json:"validators,omitempty"`
	ProofURL   string           `json:"proof_url,omitempty"`
}

// ValidatorCheck is one validator of the signed block.
type ValidatorCheck struct {
	Address    string `json:"address"`
	Department string `json:"department,omitempty"`
	Power      int64  `json:"power"`
	Signed     bool   `json:"signed"`
}

var hex64 = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)

// resolve turns a code into a record: extensions first (land approval
// documents), then document numbers, receipts, anchored hashes, txs.
func (p *Portal) resolve(r *http.Request, lang, code string) (*Verified, error) {
	code = strings.TrimSpace(code)
	for _, e := range p.exts {
		if e.Verify == nil {
			continue
		}
		if v, err := e.Verify(p, r, code); err != nil || v != nil {
			return v, err
		}
	}
	st := p.n.Store.Committed()
	switch {
	case disclosure.ValidNumber(strings.ToLower(code)):
		d, err := disclosure.Get(st, strings.ToLower(code), 0)
		if err != nil {
			return nil, err
		}
		return &Verified{Kind: "verify.kind_disclosure", Title: d.Title, Link: "/disclosures/" + d.Number,
			Key:     string(disclosure.VersionKey(d.Number, d.Version)),
			Details: [][2]string{{T(lang, "disc.number"), d.Number}, {T(lang, "disc.version"), fmt.Sprint(d.Version)}, {T(lang, "disc.department"), p.deptName(lang, d.Department)}}}, nil
	case hex64.MatchString(code):
		// A lookup, not a tx: accept either case from a person typing.
		h := module.Hash(strings.ToLower(code))
		if rec, err := notary.Get(st, h); err == nil {
			return &Verified{Kind: "verify.kind_anchor", Title: rec.Title, Key: string(notary.Key(h)),
				Details: [][2]string{{T(lang, "verify.doc_hash"), h.String()}, {T(lang, "disc.department"), p.deptName(lang, rec.Department)}, {T(lang, "verify.anchored"), rec.Time.In(cst).Format("2006-01-02 15:04")}}}, nil
		}
		raw := h.Bytes()
		rec, key, err := p.n.TxIn(st, raw)
		if err != nil {
			// CometBFT's name for the tx (SHA-256), as explorers show it.
			rec, key, _, err = p.n.TxByAnyHash(r.Context(), raw)
		}
		if err == nil {
			return &Verified{Kind: "verify.kind_tx", Title: rec.Module + "." + rec.Action, Key: string(key),
				Details: [][2]string{{T(lang, "verify.tx_hash"), rec.Hash}, {T(lang, "verify.height"), fmt.Sprint(rec.Height)}, {T(lang, "verify.result_code"), fmt.Sprint(rec.Code)}}}, nil
		}
	}
	return nil, notFound("no record has the verification code %q", code)
}

// proveLive builds a bundle for key on this node and verifies it as anyone
// would offline: against the genesis validators.
func (p *Portal) proveLive(ctx context.Context, key string) (*Verification, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	b, err := p.n.Prove(ctx, []byte(key), 0)
	if err != nil {
		return nil, err
	}
	v := p.check(b)
	v.ProofURL = proofPath(key)
	return v, nil
}

func (p *Portal) check(b *proof.Bundle) *Verification {
	res, err := proof.Verify(b, p.n.Genesis)
	if err != nil {
		return &Verification{Authentic: false, Reason: err.Error()}
	}
	v := &Verification{Authentic: true, Result: res}
	// Without the departments the check still stands; only the names of
	// the signing validators' departments are missing.
	depts := p.validatorDepartments(b)
	for i, val := range b.Validators.Validators {
		vc := ValidatorCheck{Address: val.Address.String(), Power: val.VotingPower}
		if i < len(b.Header.Commit.Signatures) {
			vc.Signed = b.Header.Commit.Signatures[i].BlockIDFlag == types.BlockIDFlagCommit
		}
		vc.Department = depts[hex.EncodeToString(val.PubKey.Bytes())]
		v.Validators = append(v.Validators, vc)
	}
	return v
}

type verifyPage struct {
	Code   string
	V      *Verification
	Upload bool
}

func (p *Portal) verifyPage(w http.ResponseWriter, r *http.Request) {
	lang := p.lang(w, r)
	d := verifyPage{Code: strings.TrimSpace(r.URL.Query().Get("code"))}
	pg := Page{Template: "verify.html", Title: "verify.title", Active: "verify"}
	if d.Code != "" {
		rec, err := p.resolve(r, lang, d.Code)
		if err != nil {
			pg.Status = statusOf(err)
			pg.Error = T(lang, "verify.not_found")
			if errcode.Of(err) == errcode.ErrInternal {
				pg.Error = T(lang, "err.internal")
			}
		} else {
			v, err := p.proveLive(r.Context(), rec.Key)
			if err != nil {
				p.log.Warn("verify: prove", "key", rec.Key, "err", err)
				v = &Verification{Reason: err.Error()}
			}
			v.Record = rec
			d.V = v
		}
	}
	pg.Data = d
	p.Render(w, r, pg)
}

const maxBundle = 1 << 20

func (p *Portal) verifyUpload(w http.ResponseWriter, r *http.Request) {
	lang := p.lang(w, r)
	var data []byte
	if f, _, err := r.FormFile("bundle"); err == nil {
		data, err = io.ReadAll(io.LimitReader(f, maxBundle+1))
		f.Close()
		if err != nil {
			data = nil
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		data = []byte(r.PostFormValue("bundle_text"))
	}
	pg := Page{Template: "verify.html", Title: "verify.title", Active: "verify"}
	d := verifyPage{Upload: true}
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		pg.Status, pg.Error = http.StatusBadRequest, T(lang, "verify.no_file")
	case len(data) > maxBundle:
		pg.Status, pg.Error = http.StatusRequestEntityTooLarge, T(lang, "verify.too_large")
	default:
		b, err := proof.Parse(data)
		if err != nil {
			d.V = &Verification{Reason: err.Error()}
		} else {
			d.V = p.check(b)
		}
	}
	pg.Data = d
	p.Render(w, r, pg)
}

func (p *Portal) apiVerifyCode(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimSpace(r.URL.Query().Get("code"))
	if code == "" {
		writeError(w, badRequest("code is required"))
		return
	}
	rec, err := p.resolve(r, "en", code)
	if err != nil {
		writeError(w, err)
		return
	}
	v, err := p.proveLive(r.Context(), rec.Key)
	if err != nil {
		writeError(w, err)
		return
	}
	v.Record = rec
	writeJSON(w, http.StatusOK, v)
}

func (p *Portal) apiVerifyBundle(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBundle+1))
	if err != nil || len(data) > maxBundle {
		writeError(w, badRequest("the body must be a proof bundle of at most 1 MiB"))
		return
	}
	b, err := proof.Parse(data)
	if err != nil {
		writeError(w, err)
		return
	}
	v := p.check(b)
	if !v.Authentic {
		writeJSON(w, http.StatusUnprocessableEntity, v)
		return
	}
	writeJSON(w, http.StatusOK, v)
}
