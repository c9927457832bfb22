package landweb

import (
	"errors"

	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/web/site"
)

// checkApplicant runs workflow.PersonalData.Validate for the window form
// and names the field it refused.
func checkApplicant(pd workflow.PersonalData) *site.FormError {
	err := pd.Validate()
	if err == nil {
		return nil
	}
	var pe *workflow.PersonalDataError
	if errors.As(err, &pe) {
		return site.NewFormError(pe.Field, pe.Err)
	}
	return nil // a missing field: the form's own required-fields message
}
