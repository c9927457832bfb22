package web

import (
	"bytes"
	"encoding/base64"
	"html"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// TestPermitCertificateQR: a land-use approval's certificate page carries
// a QR code that a standard QR decoder reads as the verify address with the
// permit's code; following it shows the record as authentic. The page
// prints as one A4 sheet without the site's chrome.
func TestPermitCertificateQR(t *testing.T) {
	e := newSeededEnv(t, Options{})
	c := e.client()
	dec := c.get("/land/decisions?lang=en")
	code := between(dec.Body, `<a href="/land/permits/`, `"`)
	if dec.Status != 200 || len(code) != 19 {
		t.Fatalf("no certificate link on the decisions page (%d): %q", dec.Status, code)
	}
	page := c.get("/land/permits/" + code + "?lang=en")
	if page.Status != 200 || !strings.Contains(page.Body, `id="certificate"`) || !strings.Contains(page.Body, code) {
		t.Fatalf("certificate page: %d", page.Status)
	}
	u := certificateQR(t, page.Body)
	srvURL, _ := url.Parse(e.srv.URL)
	if u.Scheme != "http" || u.Host != srvURL.Host || u.Path != "/verify" || u.Query().Get("code") != code {
		t.Fatalf("QR says %s, want %s/verify?code=%s", u, e.srv.URL, code)
	}
	v := c.get(u.RequestURI() + "&lang=en")
	if v.Status != 200 || !strings.Contains(v.Body, "Authentic") || !strings.Contains(v.Body, code) {
		t.Fatalf("following the QR code: %d %s", v.Status, between(v.Body, "<main", "</main>"))
	}

	// A published decision has one too, verified by its number.
	pub := e.staff("gov-admin").submit("/staff/disclosures", "/staff/disclosures", url.Values{"title": {"关于启用电子证照的决定"},
		"category": {"decision"}, "body": {"正文"}, "effective_date": {"2026-03-01"}})
	if pub.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d", pub.Status)
	}
	number := strings.TrimPrefix(pub.Location, "/disclosures/")
	doc := c.get("/disclosures/" + number)
	if !strings.Contains(doc.Body, `href="/disclosures/`+number+`/certificate"`) {
		t.Fatalf("no certificate link on /disclosures/%s", number)
	}
	dcert := c.get("/disclosures/" + number + "/certificate?lang=en")
	if dcert.Status != 200 {
		t.Fatalf("disclosure certificate: %d", dcert.Status)
	}
	du := certificateQR(t, dcert.Body)
	if du.Query().Get("code") != number {
		t.Fatalf("disclosure QR says %s", du)
	}
	if v := c.get(du.RequestURI() + "&lang=en"); v.Status != 200 || !strings.Contains(v.Body, "Authentic") {
		t.Fatalf("following the disclosure QR code: %d", v.Status)
	}
	if r := c.get("/disclosures/gov-2026-9999/certificate"); r.Status != http.StatusNotFound {
		t.Errorf("unknown document: %d", r.Status)
	}

	css, _ := os.ReadFile("static/style.css")
	for _, want := range []string{"@page { size: A4", "@media print", "header.site, footer.site"} {
		if !bytes.Contains(css, []byte(want)) {
			t.Errorf("style.css lacks %q", want)
		}
	}
	if r := c.get("/land/permits/AAAA-BBBB-CCCC-DDDD"); r.Status != http.StatusNotFound {
		t.Errorf("unknown permit: %d", r.Status)
	}
}

// certificateQR decodes the QR image of a certificate page with a standard
// QR decoder and parses the address it holds.
func certificateQR(t *testing.T, body string) *url.URL {
	t.Helper()
	src := html.UnescapeString(between(body, `id="cert-qr" src="`, `"`))
	const prefix = "data:image/png;base64,"
	if !strings.HasPrefix(src, prefix) {
		t.Fatalf("QR image is not an inline PNG: %.60q", src)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(src, prefix))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the QR code does not decode: %v", err)
	}
	u, err := url.Parse(res.GetText())
	if err != nil {
		t.Fatal(err)
	}
	return u
}
