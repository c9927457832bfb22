package site

import "fmt"

// FormError is a form field refused before anything is signed or sealed:
// which field, and the catalog key of the sentence that says why. It wraps
// ErrBadRequest, so it answers 400 wherever it surfaces.
type FormError struct {
	Field  string // the form's field name
	Reason error  // a hygiene sentinel, for errors.Is
	Detail string // the check's own words, for logs and the JSON API
}

func (e *FormError) Error() string {
	return fmt.Sprintf("%v: %s: %s", ErrBadRequest, e.Field, e.Detail)
}

func (e *FormError) Unwrap() []error { return []error{ErrBadRequest, e.Reason} }

// NewFormError wraps a hygiene error for field.
func NewFormError(field string, err error) *FormError {
	return &FormError{Field: field, Detail: err.Error(), Reason: err}
}
