package participationweb

import (
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// TestPrivacyPageNamesTheChainsAlgorithms: the privacy page names the
// algorithms of the chain's own suite, never SM2/SM4 on an intl chain,
// and no placeholder is left in any topic.
func TestPrivacyPageNamesTheChainsAlgorithms(t *testing.T) {
	tests := []struct {
		suite, lang, want, notWant string
	}{
		{cryptosuite.GM, "zh-CN", "SM2/SM4", "AES-256-GCM"},
		{cryptosuite.GM, "en", "SM2/SM4", "AES-256-GCM"},
		{cryptosuite.Intl, "zh-CN", "AES-256-GCM", "SM2/SM4"},
		{cryptosuite.Intl, "en", "AES-256-GCM", "SM2/SM4"},
	}
	for _, tc := range tests {
		t.Run(tc.suite+"/"+tc.lang, func(t *testing.T) {
			var all strings.Builder
			for _, topic := range learnTopics {
				for _, s := range viewOf(topic, tc.lang, tc.suite).Steps {
					all.WriteString(s.Text)
				}
			}
			text := all.String()
			if strings.Contains(text, "{algs}") || !strings.Contains(text, tc.want) || strings.Contains(text, tc.notWant) {
				t.Fatalf("learn pages (%s, %s) want %q and not %q:\n%s", tc.suite, tc.lang, tc.want, tc.notWant, text)
			}
		})
	}
}
