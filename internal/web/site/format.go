package site

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/skip2/go-qrcode"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// Helpers more than one area uses (land and finance amounts, forms with
// documents, certificates); an area's own helpers stay in its package.

// Loc picks the text in lang from a record's two names.
func Loc(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// GroupDigits writes 12800 as 12,800 (and leaves anything else alone).
func GroupDigits(s string) string {
	if _, err := strconv.ParseInt(s, 10, 64); err != nil {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e15 {
			s = strconv.FormatInt(int64(f), 10)
		} else {
			return s
		}
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Wan is an amount in 万元 (10,000 yuan), one decimal.
func Wan(fen int64) string {
	v := float64(fen) / 1_000_000
	whole := int64(v)
	return GroupDigits(strconv.FormatInt(whole, 10)) + fmt.Sprintf(".%d", int64(math.Round((v-float64(whole))*10))%10)
}

// Optional is sep+s, or nothing when s is empty.
func Optional(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}

// ParseYuan reads an amount in yuan ("3,840,000.00", "12.5") as fen.
func ParseYuan(s string) (int64, error) {
	s = strings.NewReplacer(",", "", "，", "", " ", "", "¥", "", "元", "").Replace(strings.TrimSpace(s))
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 {
		return 0, BadRequest("amount %q: yuan with at most two decimals", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || w > 10_000_000_000_000 {
		return 0, BadRequest("amount %q is not an amount of yuan", s)
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil || f < 0 {
		return 0, BadRequest("amount %q is not an amount of yuan", s)
	}
	return w*100 + f, nil
}

// MaxUpload: page POSTs are capped at 2 MiB before the CSRF check
// (csrfGuard); a larger document is given by its hash.
const MaxUpload = 2 << 20

// AttachmentFrom reads a document kind's hash from the form: an uploaded
// file (hashed here with the suite hash; the file itself goes nowhere) or
// 64 hex digits typed in. ok is false when neither was given.
func AttachmentFrom(suite cryptosuite.Suite, r *http.Request, kind string) (workflow.Attachment, bool, error) {
	if f, _, err := r.FormFile("file_" + kind); err == nil {
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, MaxUpload+1))
		if err != nil || len(data) > MaxUpload {
			return workflow.Attachment{}, false, BadRequest("the %s file is too large (2 MiB at most; give its hash instead)", kind)
		}
		if len(data) > 0 {
			return workflow.Attachment{Kind: kind, Hash: suite.Hash(data)}, true, nil
		}
	}
	h := strings.ToLower(strings.TrimSpace(r.PostFormValue("hash_" + kind)))
	if h == "" {
		return workflow.Attachment{}, false, nil
	}
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != 32 {
		return workflow.Attachment{}, false, BadRequest("the hash of %s must be 64 hex digits", kind)
	}
	return workflow.Attachment{Kind: kind, Hash: b}, true, nil
}

// Certificate is a printable e-certificate (电子证照) of an approval on
// chain: the record's particulars and a QR code of the verify address with
// its verification code, so whoever holds the paper can scan it and see on
// the verify page that the record exists and which nodes signed it.
// Render it with the core's certificate.html.
type Certificate struct {
	Title     string
	Fields    [][2]string
	CodeLabel string // message key
	Code      string
	VerifyURL string
	// QR is a data: URI of the QR code as PNG: inline, so the page prints
	// whole and needs nothing but img-src 'self' data: from the CSP.
	QR template.URL
}

// qrSize is the QR image's side in pixels: about 34 mm at 192 dpi, large
// enough for phone cameras from a printed A4 page.
const qrSize = 256

// QRDataURI is a PNG QR code of content as a data: URI.
func QRDataURI(content string) (template.URL, error) {
	// Medium error correction (15%) survives a crease or a stamp.
	png, err := qrcode.Encode(content, qrcode.Medium, qrSize)
	if err != nil {
		return "", err
	}
	// template.URL: the bytes are our own PNG, not user input.
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)), nil
}
