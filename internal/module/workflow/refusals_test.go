package workflow_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/tx"
)

// TestRefusals: every action out of order, by the wrong department or
// role, without attachments, or on a closed case is refused with its code
// and changes nothing.
func TestRefusals(t *testing.T) {
	forSuites(t, func(t *testing.T, suite string) {
		c := newChain(t, suite)
		atAccept, _ := open(t, c, 5000)
		noPlan, _ := open(t, c, 5000, "application_form")
		atReview, _ := toReview(t, c, 5000)
		atNotice, _ := toNotice(t, c, 5000)
		closed, _ := open(t, c, 5000)
		mustAct(t, c, "nrb-clerk", closed, "accept", workflow.ActReject)

		goodOpen, _ := openReq(t, c, 5000)
		missingKey, _ := openReq(t, c, 5000)
		delete(missingKey.PersonalData.WrappedKeys, "hub")
		extraKey, _ := openReq(t, c, 5000)
		extraKey.PersonalData.WrappedKeys["gsd"] = extraKey.PersonalData.WrappedKeys["nrb"]
		badArea, _ := openReq(t, c, 5000)
		badArea.Fields["area_m2"] = workflow.StringValue("large")
		noParcel, _ := openReq(t, c, 5000)
		delete(noParcel.Fields, "parcel_id")
		unknownField, _ := openReq(t, c, 5000)
		unknownField.Fields["owner_name"] = workflow.StringValue("x")
		unknownDef, _ := openReq(t, c, 5000)
		unknownDef.Definition = "no-such-process"
		foreign := *landDef(t)
		foreign.Owner = "eeb"

		a := func(n, step, action string, kinds ...string) workflow.ActRequest {
			return act(n, step, action, att(c, kinds...))
		}
		for _, tc := range []struct {
			name, who, action string
			payload           any
			want              *errcode.Error
		}{
			{"accept by another department", "eeb-reviewer", "act", a(atAccept, "accept", "accept"), workflow.ErrWrongDepartment},
			{"accept by the wrong role", "nrb-reviewer", "act", a(atAccept, "accept", "accept"), workflow.ErrWrongRole},
			{"act by a gateway (role table)", "gsd-gateway", "act", a(atAccept, "accept", "accept"), tx.ErrRoleNotAllowed},
			{"decide before acceptance", "nrb-approver", "act", a(atAccept, "decision", "approve"), workflow.ErrWrongStep},
			{"review before acceptance", "nrb-reviewer", "act", a(atAccept, "review", "approve"), workflow.ErrWrongStep},
			{"approve where only accept passes", "nrb-clerk", "act", a(atAccept, "accept", "approve"), workflow.ErrActionNotAllowed},
			{"complete a task step", "nrb-clerk", "act", a(atAccept, "accept", "complete"), workflow.ErrActionNotAllowed},
			{"accept without the site plan", "nrb-clerk", "act", a(noPlan, "accept", "accept"), workflow.ErrMissingAttachment},
			{"review by a department not in it", "gov-approver", "act", a(atReview, "review", "approve"), workflow.ErrWrongDepartment},
			{"review by the wrong role", "nrb-clerk", "act", a(atReview, "review", "approve"), workflow.ErrWrongRole},
			{"eeb approves without its opinion", "eeb-reviewer", "act", a(atReview, "review", "approve"), workflow.ErrMissingAttachment},
			{"issue at review", "hub-reviewer", "act", a(atReview, "review", "issue_document"), workflow.ErrActionNotAllowed},
			{"complete the notice early", "nrb-clerk", "act", a(atNotice, "notice", "complete"), workflow.ErrNoticeNotElapsed},
			{"reject the notice (not allowed there)", "nrb-approver", "act", a(atNotice, "notice", "reject"), workflow.ErrActionNotAllowed},
			{"act on a closed case", "nrb-clerk", "act", a(closed, "accept", "accept"), workflow.ErrCaseClosed},
			{"act on a closed case at its end", "nrb-clerk", "act", a(closed, "rejected", "accept"), workflow.ErrCaseClosed},
			{"unknown case", "nrb-clerk", "act", a("LAND-2026-000999", "accept", "accept"), workflow.ErrCaseNotFound},
			{"reject without a reason", "nrb-clerk", "act", workflow.ActRequest{Case: atAccept, Step: "accept", Action: "reject"}, tx.ErrInvalidPayload},
			{"unknown action", "nrb-clerk", "act", workflow.ActRequest{Case: atAccept, Step: "accept", Action: "stamp"}, tx.ErrInvalidPayload},
			{"bad attachment hash", "nrb-clerk", "act", workflow.ActRequest{Case: atAccept, Step: "accept", Action: "accept",
				Attachments: []workflow.Attachment{{Kind: "site_plan", Hash: []byte{1, 2}}}}, tx.ErrInvalidPayload},
			{"objection outside notice", "gsd-gateway", "file_objection", workflow.FileObjectionRequest{Case: atReview, Text: "x"}, workflow.ErrNotInNotice},
			{"objection to a closed case", "gsd-gateway", "file_objection", workflow.FileObjectionRequest{Case: closed, Text: "x"}, workflow.ErrCaseClosed},
			{"objection by a reviewer (role table)", "eeb-reviewer", "file_objection", workflow.FileObjectionRequest{Case: atNotice, Text: "x"}, tx.ErrRoleNotAllowed},
			{"answer a missing objection", "nrb-clerk", "answer_objection", workflow.AnswerObjectionRequest{Case: atNotice, Objection: 1, Outcome: workflow.ObjectionUpheld, Answer: "x"}, workflow.ErrObjectionNotFound},
			{"answer without an outcome", "nrb-clerk", "answer_objection", workflow.AnswerObjectionRequest{Case: atNotice, Objection: 1, Answer: "x"}, tx.ErrInvalidPayload},
			{"answer with an unknown outcome", "nrb-clerk", "answer_objection", workflow.AnswerObjectionRequest{Case: atNotice, Objection: 1, Outcome: "partly", Answer: "x"}, tx.ErrInvalidPayload},
			{"supplement a case not returned", "nrb-clerk", "supplement", workflow.SupplementRequest{Case: atAccept, Attachments: att(c, "site_plan")}, workflow.ErrNotAwaitingMaterials},
			{"open from another department", "eeb-clerk", "open_case", goodOpen, workflow.ErrWrongDepartment},
			{"open by a reviewer (role table)", "nrb-reviewer", "open_case", goodOpen, tx.ErrRoleNotAllowed},
			{"open without hub's key", "nrb-clerk", "open_case", missingKey, workflow.ErrPersonalDataKeys},
			{"open with a key for gsd", "nrb-clerk", "open_case", extraKey, workflow.ErrPersonalDataKeys},
			{"open with a text area", "nrb-clerk", "open_case", badArea, workflow.ErrInvalidField},
			{"open without parcel", "nrb-clerk", "open_case", noParcel, workflow.ErrInvalidField},
			{"open with an undeclared field", "nrb-clerk", "open_case", unknownField, workflow.ErrInvalidField},
			{"open an unknown process", "nrb-clerk", "open_case", unknownDef, workflow.ErrDefinitionNotFound},
			{"publish for another department", "eeb-admin", "publish_definition", workflow.PublishRequest{Definition: *landDef(t)}, workflow.ErrNotOwner},
			{"take over nrb's definition id", "eeb-admin", "publish_definition", workflow.PublishRequest{Definition: foreign}, workflow.ErrNotOwner},
			{"publish by a clerk (role table)", "nrb-clerk", "publish_definition", workflow.PublishRequest{Definition: *landDef(t)}, tx.ErrRoleNotAllowed},
		} {
			t.Run(tc.name, func(t *testing.T) {
				cases := map[string]int{}
				for _, n := range []string{atAccept, noPlan, atReview, atNotice, closed} {
					cases[n] = len(getCase(t, c, n).History)
				}
				wantCode(t, c.Do(tc.who, "workflow", tc.action, tc.payload), tc.want)
				for n, l := range cases {
					if got := len(getCase(t, c, n).History); got != l {
						t.Fatalf("%s history grew from %d to %d on a refusal", n, l, got)
					}
				}
			})
		}
		if k := getCase(t, c, atAccept); k.Current != "accept" || len(k.History) != 1 {
			t.Fatalf("refusals changed the case: %+v", k)
		}
	})
}
