package sharing

import (
	"encoding/json"
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// Names of the sharing module's parameters (changed by governance
// proposals like every other; see docs/data-sharing.md).
const (
	ParamCalendar        = "sharing.calendar"
	ParamAnswerDays      = "sharing.answer_days"
	ParamDataBureau      = "sharing.data_bureau"
	ParamArbitrationDays = "sharing.arbitration_days"
)

// DefaultArbitrationDays is the default time limit of the data bureau's
// decision on a request sent to it, in working days. The regulations set
// no figure for it; 10 matches the owner's limit, so a dispute is settled
// within four working weeks of the request at most.
const DefaultArbitrationDays = 10

// DefaultAnswerDays is the default time limit of an answer to a
// conditional request, in working days (政务数据共享条例: 10 working days).
const DefaultAnswerDays = 10

// defaultCalendar is 2026 as the State Council's holiday notice for 2026
// sets it (国务院办公厅关于2026年部分节假日安排的通知, 4 November 2025,
// published by Xinhua; checked day by day in calendar_notice_test.go):
// New Year, Spring Festival, Qingming, Labour Day, Dragon Boat, Mid-Autumn
// and National Day, with their make-up working days. Each new year's
// notice is added by a governance proposal.
const defaultCalendar = `{"2026":{
"holidays":["2026-01-01","2026-01-02","2026-01-03",
"2026-02-15","2026-02-16","2026-02-17","2026-02-18","2026-02-19","2026-02-20","2026-02-21","2026-02-22","2026-02-23",
"2026-04-04","2026-04-05","2026-04-06",
"2026-05-01","2026-05-02","2026-05-03","2026-05-04","2026-05-05",
"2026-06-19","2026-06-20","2026-06-21",
"2026-09-25","2026-09-26","2026-09-27",
"2026-10-01","2026-10-02","2026-10-03","2026-10-04","2026-10-05","2026-10-06","2026-10-07"],
"workdays":["2026-01-04","2026-02-14","2026-02-28","2026-05-09","2026-09-20","2026-10-10"]}}`

// CalendarParam declares sharing.calendar.
func CalendarParam() module.Param {
	_, def, err := ParseCalendar([]byte(defaultCalendar))
	if err != nil {
		panic("sharing: default calendar: " + err.Error()) // a constant: a programming error
	}
	return module.Param{Name: ParamCalendar,
		Doc:     `working-day calendar by year: {"2026": {"holidays": ["2026-01-01", …], "workdays": ["2026-01-04", …]}}; weekends are off unless listed as workdays`,
		Default: def,
		Check: func(raw json.RawMessage) (json.RawMessage, error) {
			_, canon, err := ParseCalendar(raw)
			return canon, err
		}}
}

// AnswerDaysParam declares sharing.answer_days.
func AnswerDaysParam() module.Param {
	return module.IntParam(ParamAnswerDays, "working days an owner has to answer a conditional sharing request", DefaultAnswerDays, 1, 60)
}

// ArbitrationDaysParam declares sharing.arbitration_days.
func ArbitrationDaysParam() module.Param {
	return module.IntParam(ParamArbitrationDays, "working days the data management bureau has to decide a sharing request sent to it", DefaultArbitrationDays, 1, 60)
}

// DataBureauParam declares sharing.data_bureau: the department that
// arbitrates (政务服务数据管理局, gsd in the demo network).
func DataBureauParam() module.Param {
	return module.Param{Name: ParamDataBureau, Doc: "department id of the data management bureau that arbitrates sharing disputes",
		Default: json.RawMessage(`"gsd"`), Check: func(raw json.RawMessage) (json.RawMessage, error) {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, fmt.Errorf("%s: %v", ParamDataBureau, err)
			}
			if err := identity.ValidateID(s); err != nil {
				return nil, fmt.Errorf("%s: %v", ParamDataBureau, err)
			}
			return json.Marshal(s)
		}}
}

// Params implements module.ParamModule.
func (Module) Params() []module.Param {
	return []module.Param{CalendarParam(), AnswerDaysParam(), DataBureauParam(), ArbitrationDaysParam()}
}

// CurrentCalendar reads the calendar in force.
func CurrentCalendar(r store.Reader) (Calendar, error) {
	raw, err := governance.ParamValue(r, CalendarParam())
	if err != nil {
		return Calendar{}, err
	}
	c, _, err := ParseCalendar(raw)
	return c, err
}

func dataBureau(r store.Reader) (string, error) {
	raw, err := governance.ParamValue(r, DataBureauParam())
	if err != nil {
		return "", err
	}
	var s string
	return s, json.Unmarshal(raw, &s)
}

// escalate sends req to the data bureau at ctx's block time, with the
// bureau's deadline indexed for EndBlock.
func escalate(ctx *module.Context, req *Request, why string) error {
	cal, err := CurrentCalendar(ctx.KV)
	if err != nil {
		return err
	}
	n, err := governance.ParamInt(ctx.KV, ArbitrationDaysParam())
	if err != nil {
		return err
	}
	now := ctx.BlockTime.UTC()
	dl, err := cal.Deadline(now, int(n))
	if err != nil {
		return err
	}
	dl = dl.UTC()
	req.State, req.Escalation, req.Escalated, req.ArbitrationDeadline = StateArbitration, why, &now, &dl
	return ctx.KV.Set(arbitrationKey(dl, req.ID), []byte{})
}

// deadlineFor is the answer deadline of a request made at ctx's block time.
func deadlineFor(ctx *module.Context) (*Calendar, int, error) {
	cal, err := CurrentCalendar(ctx.KV)
	if err != nil {
		return nil, 0, err
	}
	n, err := governance.ParamInt(ctx.KV, AnswerDaysParam())
	if err != nil {
		return nil, 0, err
	}
	return &cal, int(n), nil
}
