package web

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestTmpShots(t *testing.T) {
	ctx := newChrome(t)
	e := newSeededEnv(t, Options{})
	c := &chrome{t: t, ctx: ctx, base: e.srv.URL}
	shot := func(name string) {
		buf, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join("/tmp/scratch", name+".png"), buf, 0o644)
	}
	nc := e.cases["public_notice_with_objection"]
	for _, p := range []string{"/?lang=zh", "/land", "/finance", "/land/notices/" + nc.Number, "/finance/flags"} {
		c.open(p)
		shot(filepath.Base(p) + "x")
	}
	c.open("/land/track")
	c.set("#t-no", nc.Number)
	c.set("#t-code", nc.AccessCode)
	c.submit("#track-submit")
	shot("track")
}
