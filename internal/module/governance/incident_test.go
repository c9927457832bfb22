package governance_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/tx"
)

// TestIncidentLifecycle: an auditor opens an incident, an affected
// department adds to its timeline, another department cannot; it closes
// with a review the opening department publishes; the public summary
// counts by severity and state and shows only published reviews.
func TestIncidentLifecycle(t *testing.T) {
	c := newChain(t, nil)
	c.MustDo("aud-auditor", "governance", "incident_open", governance.OpenIncident{Type: "node_lost", Severity: 3,
		Departments: []string{"nrb", "gsd", "nrb"}, Components: []string{"validator", "api"}, Description: "nrb 节点宕机"})
	c.MustDo("gsd-admin", "governance", "incident_open", governance.OpenIncident{Type: "key_leak", Severity: 2,
		Departments: []string{"fin"}, Description: "a key file was mailed"})
	wantCode(t, c.Do("nrb-clerk", "governance", "incident_open", governance.OpenIncident{Type: "other", Severity: 3,
		Departments: []string{"nrb"}, Description: "d"}), tx.ErrRoleNotAllowed)
	wantCode(t, c.Do("aud-admin", "governance", "incident_open", governance.OpenIncident{Type: "node_lost", Severity: 5,
		Departments: []string{"nrb"}, Description: "d"}), tx.ErrInvalidPayload)
	c.MustDo("nrb-admin", "governance", "incident_update", governance.UpdateIncident{Incident: 1, Kind: governance.EntryAction, Text: "restored from snapshot"})
	wantCode(t, c.Do("fin-admin", "governance", "incident_update", governance.UpdateIncident{Incident: 1, Kind: governance.EntryNote, Text: "x"}),
		governance.ErrOtherDepartment)
	wantCode(t, c.Do("aud-admin", "governance", "incident_publish", governance.PublishIncident{Incident: 1}), governance.ErrIncidentState)
	c.MustDo("aud-auditor", "governance", "incident_close", governance.CloseIncident{Incident: 1, Review: "disk full; alerting added"})
	wantCode(t, c.Do("nrb-admin", "governance", "incident_update", governance.UpdateIncident{Incident: 1, Kind: governance.EntryNote, Text: "late"}),
		governance.ErrIncidentState)
	wantCode(t, c.Do("nrb-admin", "governance", "incident_publish", governance.PublishIncident{Incident: 1}), governance.ErrOtherDepartment)
	c.MustDo("aud-admin", "governance", "incident_publish", governance.PublishIncident{Incident: 1})
	in, err := governance.GetIncident(c.State(), 1)
	if err != nil || in.State != governance.IncidentClosed || !in.Public || len(in.Timeline) != 1 || len(in.Departments) != 2 || in.Review == nil {
		t.Fatalf("incident: %+v %v", in, err)
	}
	list, err := governance.Incidents(c.State())
	if err != nil {
		t.Fatal(err)
	}
	s := governance.Summarise(list)
	if s.Total != 2 || s.BySeverity["III"]["closed"] != 1 || s.BySeverity["II"]["open"] != 1 || len(s.Published) != 1 ||
		s.Published[0].Review != "disk full; alerting added" || s.Published[0].Severity != "III" {
		t.Fatalf("summary: %+v", s)
	}
}
