package workflow_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/hygiene"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// TestPersonalDataValidate: the applicant's data is checked before it is
// sealed, since nobody can check it after.
func TestPersonalDataValidate(t *testing.T) {
	ok := workflow.PersonalData{Name: "张三丰", IDNumber: "440307199001011232", Phone: "13800138000", Address: "坪山区龙田街道龙兴路8号"}
	with := func(f func(*workflow.PersonalData)) workflow.PersonalData { pd := ok; f(&pd); return pd }
	cases := []struct {
		name   string
		pd     workflow.PersonalData
		reason error // nil: valid
	}{
		{"person", ok, nil},
		{"organisation with credit code and landline", workflow.PersonalData{Name: "坪山区教育发展中心", IDNumber: "12440300MB2C33445B", Phone: "0755-89990000"}, nil},
		{"ID ending in X", with(func(p *workflow.PersonalData) { p.IDNumber = "11010519491231002X" }), nil},
		{"no phone or address", workflow.PersonalData{Name: "李四", IDNumber: "440307198001011115"}, nil},
		{"no name", with(func(p *workflow.PersonalData) { p.Name = " " }), workflow.ErrPersonalDataInvalid},
		{"wrong check digit", with(func(p *workflow.PersonalData) { p.IDNumber = "440307199001011234" }), hygiene.ErrIDCheckDigit},
		{"impossible birth date", with(func(p *workflow.PersonalData) { p.IDNumber = "440307199002300011" }), hygiene.ErrIDBirthDate},
		{"not an ID", with(func(p *workflow.PersonalData) { p.IDNumber = "y" }), hygiene.ErrIDFormat},
		{"phone too short", with(func(p *workflow.PersonalData) { p.Phone = "1380013800" }), hygiene.ErrPhone},
		{"phone with letters", with(func(p *workflow.PersonalData) { p.Phone = "1380013800a" }), hygiene.ErrPhone},
		{"bidi in name", with(func(p *workflow.PersonalData) { p.Name = "张\u202e三" }), hygiene.ErrBidiControl},
		{"NUL in address", with(func(p *workflow.PersonalData) { p.Address = "坪山\x00区" }), hygiene.ErrControlChar},
		{"line break in name", with(func(p *workflow.PersonalData) { p.Name = "张\n三" }), hygiene.ErrControlChar},
		{"markup in name", with(func(p *workflow.PersonalData) { p.Name = "<img src=x onerror=alert(1)>" }), hygiene.ErrMarkup},
		{"script scheme in address", with(func(p *workflow.PersonalData) { p.Address = "javascript:alert(1)" }), hygiene.ErrMarkup},
		{"address too long", with(func(p *workflow.PersonalData) { p.Address = strings.Repeat("坪", 201) }), workflow.ErrPersonalDataInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.pd.Validate()
			if (c.reason == nil) != (err == nil) {
				t.Fatalf("Validate() = %v, want %v", err, c.reason)
			}
			if err != nil && !errors.Is(err, workflow.ErrPersonalDataInvalid) {
				t.Fatalf("err = %v, want ErrPersonalDataInvalid", err)
			}
			if c.reason != nil && !errors.Is(err, c.reason) {
				t.Fatalf("err = %v, want %v", err, c.reason)
			}
		})
	}
}

// TestSealRefusesInvalid: sealing validates first, so the window form, the
// CLI and the seeder cannot seal malformed data by forgetting to.
func TestSealRefusesInvalid(t *testing.T) {
	s, err := cryptosuite.ByName("gm")
	if err != nil {
		t.Fatal(err)
	}
	_, err = workflow.SealPersonalData(s, nil, workflow.PersonalData{Name: "x", IDNumber: "440307199001011234"})
	if !errors.Is(err, workflow.ErrPersonalDataInvalid) {
		t.Fatalf("err = %v, want ErrPersonalDataInvalid", err)
	}
}
