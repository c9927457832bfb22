package evaluation

import "github.com/pingshan/govchain/internal/errcode"

// Codespace "evaluation". Stable numbers; append only.
var (
	ErrInvalid         = errcode.Register("evaluation", 1, errcode.KindInvalid, "invalid evaluation record")
	ErrNotDataBureau   = errcode.Register("evaluation", 2, errcode.KindForbidden, "only the data management bureau publishes baselines")
	ErrBaselineMissing = errcode.Register("evaluation", 3, errcode.KindNotFound, "baseline not found")
	ErrAuditNotFound   = errcode.Register("evaluation", 4, errcode.KindNotFound, "audit report not found")
	ErrHeightRange     = errcode.Register("evaluation", 5, errcode.KindInvalid, "the audited height range is not on this chain yet")
	ErrAccessMissing   = errcode.Register("evaluation", 6, errcode.KindNotFound, "no access-log digest published")
	ErrAccessOrder     = errcode.Register("evaluation", 7, errcode.KindConflict, "access-log digests go month by month, after the month, continuing the log")
)
