package feedbackweb

import (
	"github.com/pingshan/govchain/internal/hygiene"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/web/site"
)

// checkContact checks the contact details a citizen gives with a named
// submission, before they are sealed for the department (the chain sees
// only ciphertext and cannot): a name without markup-looking text, a
// mobile or landline number, a bare e-mail address.
func checkContact(c *feedback.Contact) *site.FormError {
	if c == nil {
		return nil
	}
	if c.Name != "" {
		if err := hygiene.CheckMarkup(c.Name); err != nil {
			return site.NewFormError("name", err)
		}
	}
	if c.Phone != "" {
		if err := hygiene.CheckPhone(c.Phone); err != nil {
			return site.NewFormError("phone", err)
		}
	}
	if c.Email != "" {
		if err := hygiene.CheckEmail(c.Email); err != nil {
			return site.NewFormError("email", err)
		}
	}
	return nil
}
