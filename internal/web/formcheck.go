package web

import (
	"errors"
	"maps"
	"net/http"
	"slices"

	"github.com/pingshan/govchain/internal/hygiene"
	"github.com/pingshan/govchain/internal/web/site"
)

// formError is a form field refused before anything is signed or sealed
// (site.FormError, shared with the areas' packages).
type formError = site.FormError

// newFormError wraps a hygiene error for field.
func newFormError(field string, err error) *formError { return site.NewFormError(field, err) }

// formReasons maps each hygiene refusal to its sentence.
var formReasons = []struct {
	err error
	key string
}{
	{hygiene.ErrBidiControl, "form.err_chars"},
	{hygiene.ErrControlChar, "form.err_chars"},
	{hygiene.ErrInvalidUTF8, "form.err_chars"},
	{hygiene.ErrIDFormat, "form.err_id"},
	{hygiene.ErrIDRegion, "form.err_id"},
	{hygiene.ErrIDBirthDate, "form.err_id"},
	{hygiene.ErrIDCheckDigit, "form.err_id"},
	{hygiene.ErrMobile, "form.err_phone"},
	{hygiene.ErrPhone, "form.err_phone"},
	{hygiene.ErrEmail, "form.err_email"},
	{hygiene.ErrMarkup, "form.err_markup"},
}

// formErrText is the sentence for a refused field in the reader's
// language, naming the field by its label where the catalog has one.
func formErrText(lang string, fe *formError) string {
	label := fe.Field
	if _, ok := messages["field."+fe.Field]; ok {
		label = T(lang, "field."+fe.Field)
	}
	for _, s := range formReasons {
		if errors.Is(fe.Reason, s.err) {
			return T(lang, s.key, label, fe.Detail)
		}
	}
	return T(lang, "err.invalid", fe.Field+": "+fe.Detail)
}

// noTextCheck are fields whose values are never shown or stored as text:
// a password is hashed and compared, nothing else.
var noTextCheck = map[string]bool{"password": true, "new_password": true, "csrf": true}

// checkFormText refuses a submitted form any of whose text values holds a
// bidi control, a control character other than tab and line breaks, or
// invalid UTF-8 (hygiene.CheckText): the chain would refuse the payload
// anyway (tx/13), and this says so before signing, in the reader's
// language. Call it after the form is parsed; fields are checked in name
// order so the answer is the same every time.
func checkFormText(r *http.Request) *formError {
	values := r.PostForm // multipart forms' text values are copied here too
	for _, name := range slices.Sorted(maps.Keys(values)) {
		if noTextCheck[name] {
			continue
		}
		if err := hygiene.CheckText(name); err != nil {
			return newFormError("?", err)
		}
		for _, v := range values[name] {
			if err := hygiene.CheckText(v); err != nil {
				return newFormError(name, err)
			}
		}
	}
	return nil
}
