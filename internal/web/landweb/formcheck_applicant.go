package landweb

import (
	"errors"

	"github.com/pingshan/govchain/internal/module/workflow"
)

// checkApplicant runs workflow.PersonalData.Validate for the window form
// and names the field it refused.
func checkApplicant(pd workflow.PersonalData) *formError {
	err := pd.Validate()
	if err == nil {
		return nil
	}
	var pe *workflow.PersonalDataError
	if errors.As(err, &pe) {
		return newFormError(pe.Field, pe.Err)
	}
	return nil // a missing field: the form's own required-fields message
}
