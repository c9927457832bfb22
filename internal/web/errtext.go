package web

import (
	"errors"
	"strings"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/tx"
	"github.com/pingshan/govchain/internal/web/site"
)

// errText is a refusal in the reader's language: a known cause gets its
// own sentence, anything else the chain's words.
func errText(lang string, err error) string {
	if fe := (*formError)(nil); errors.As(err, &fe) {
		return formErrText(lang, fe)
	}
	known := []struct {
		err error
		key string
	}{
		{ErrUnavailable, "err.unavailable"},
		{ErrRateLimited, "err.rate"},
		{ErrAccessCode, "fb.err_access"},
		{site.ErrContact, "fb.err_contact"},
		{feedback.ErrCaseNotCompleted, "fb.err_not_completed"},
		{feedback.ErrAlreadyRated, "fb.err_rated"},
		{feedback.ErrInvalid, "err.invalid"},
		{tx.ErrInvalidPayload, "err.invalid"},
		{ErrBadRequest, "err.invalid"},
		{tx.ErrRoleNotAllowed, "err.role"},
		{identity.ErrDepartmentNotFound, "err.invalid"},
	}
	for _, k := range known {
		if errors.Is(err, k.err) {
			if k.key == "err.invalid" {
				return T(lang, k.key, detail(err))
			}
			return T(lang, k.key)
		}
	}
	if errcode.Of(err) == errcode.ErrInternal {
		return T(lang, "err.internal")
	}
	return T(lang, "err.refused", err.Error())
}

// detail strips the sentinels' own words from a wrapped error message.
func detail(err error) string {
	msg := err.Error()
	for changed := true; changed; {
		changed = false
		for _, pre := range []string{"invalid payload: ", "invalid feedback: ", "bad request: ", "invalid disclosure: "} {
			if rest, ok := strings.CutPrefix(msg, pre); ok {
				msg, changed = rest, true
			}
		}
	}
	return msg
}
