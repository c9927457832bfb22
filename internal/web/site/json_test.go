package site

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDecodeBody: a body over MaxJSONBody is ErrBodyTooLarge (413), bad
// JSON and unknown fields are ErrBadRequest (400), a good body decodes.
func TestDecodeBody(t *testing.T) {
	type in struct {
		Title string `json:"title"`
	}
	tests := []struct {
		name   string
		body   string
		want   error
		status int
	}{
		{"good", `{"title":"x"}`, nil, 200},
		{"unknown field", `{"other":"x"}`, ErrBadRequest, 400},
		{"not JSON", `{`, ErrBadRequest, 400},
		{"too large", `{"title":"` + strings.Repeat("a", MaxJSONBody) + `"}`, ErrBodyTooLarge, 413},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(tc.body))
			var v in
			err := DecodeBody(httptest.NewRecorder(), r, &v)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			if err != nil && StatusOf(err) != tc.status {
				t.Fatalf("status %d, want %d", StatusOf(err), tc.status)
			}
		})
	}
}
