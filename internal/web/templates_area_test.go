package web

import (
	"strings"
	"testing"
	"testing/fstest"
)

// Areas bring their templates in their own packages; page files share
// one namespace, so a second file of the same name must stop the portal
// rather than silently replace a page.
func TestAreaTemplates(t *testing.T) {
	page := `{{define "content"}}area page{{end}}`
	for _, c := range []struct {
		name string
		fsys fstest.MapFS
		want string // "" = loads, with the page
	}{
		{"own page", fstest.MapFS{"templates/area_home.html": {Data: []byte(page)}}, ""},
		{"same name as a core page", fstest.MapFS{"templates/message.html": {Data: []byte(page)}}, "defined twice"},
		{"same name as a core partial", fstest.MapFS{"templates/partials.html": {Data: []byte(`{{define "x"}}{{end}}`)}}, "defined twice"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := &Portal{exts: append(portalExtensions(), Extension{Name: "area", Templates: c.fsys})}
			tm, err := loadTemplates(p)
			if c.want != "" {
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("loadTemplates = %v, want an error with %q", err, c.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tm["zh"]["area_home.html"] == nil || tm["en"]["message.html"] == nil {
				t.Fatal("an area's page or a core page is missing")
			}
		})
	}
}
