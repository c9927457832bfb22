package web

import (
	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/delivery"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/node"
)

// coreSchemas are the node API's (internal/api) bodies.
func coreSchemas() map[string]any {
	return map[string]any{
		"Status":           api.StatusResponse{},
		"Block":            api.BlockResponse{},
		"SubmitRequest":    api.SubmitRequest{},
		"SubmitResult":     node.SubmitResult{},
		"TxView":           api.TxResponse{TxRecord: &app.TxRecord{}},
		"AccountList":      []api.AccountView{},
		"Account":          api.AccountView{},
		"DepartmentList":   []*identity.Department{},
		"Department":       api.DepartmentView{},
		"StateRecord":      api.StateResponse{},
		"ProposalList":     api.ProposalList{},
		"Proposal":         governance.Proposal{},
		"FreezeList":       []*governance.Freeze{},
		"ParamList":        []api.ParamView{},
		"Param":            api.ParamView{},
		"IncidentSummary":  governance.Summarise(nil),
		"ValidatorList":    api.ValidatorList{},
		"RewrapStatus":     api.RewrapStatus{},
		"UpgradesView":     api.UpgradesView{},
		"ProcessList":      api.ProcessList{},
		"ProcessVersions":  api.ProcessVersions{},
		"CatalogList":      api.CatalogList{},
		"CatalogEntry":     api.ResourceView{},
		"RequestList":      api.RequestList{},
		"SharingRequest":   sharing.Request{},
		"AccessList":       []*sharing.Access{},
		"SharingStats":     api.SharingStats{},
		"CaseMaterialList": []sharing.CaseMaterial{},
		"SignedFetch": struct {
			Fetch     delivery.Fetch `json:"fetch"`
			Signature string         `json:"signature"`
		}{},
		"Delivery": delivery.Delivery{},
	}
}

// coreRoutes are the node API's own routes (internal/api), documented here
// so the one document covers every route under /api/v1.
// TestOpenAPICoversMux checks this list against the node API's mux.
var coreRoutes = []apiRoute{
	{"GET", "/api/v1/status", APIDoc{Summary: "Chain id, height, app hash, suite, validators and departments", Tag: "chain", Response: "Status"}},
	{"GET", "/api/v1/blocks/{height}", APIDoc{Summary: "A block's header data and tx hashes", Tag: "chain", Response: "Block"}},
	{"POST", "/api/v1/txs", APIDoc{Summary: "Submit an encoded, signed transaction (docs/wire-format.md): the raw CBOR envelope as application/octet-stream, or {\"tx\": base64} as JSON. ?async=1 returns 202 after CheckTx; otherwise the answer waits for the block. A refused tx answers with the status of its error code and the same body.", Tag: "chain",
		Query: map[string]string{"async": "1 to return after CheckTx"}, Body: "SubmitRequest", Response: "SubmitResult", Signed: true}},
	{"GET", "/api/v1/txs/{hash}", APIDoc{Summary: "The recorded outcome of an executed transaction, found by govchain's hash (the suite hash: SM3 on gm chains) or CometBFT's (SHA-256); the answer carries both, as hash and cometbft_hash", Tag: "chain", Response: "TxView"}},
	{"GET", "/api/v1/accounts", APIDoc{Summary: "Accounts, optionally of one department", Tag: "chain", Query: map[string]string{"department": "department id"}, Response: "AccountList"}},
	{"GET", "/api/v1/accounts/{id}", APIDoc{Summary: "An account by address or name", Tag: "chain", Response: "Account"}},
	{"GET", "/api/v1/departments", APIDoc{Summary: "Departments", Tag: "chain", Response: "DepartmentList"}},
	{"GET", "/api/v1/departments/{id}", APIDoc{Summary: "A department with its admins and member count", Tag: "chain", Response: "Department"}},
	{"GET", "/api/v1/state", APIDoc{Summary: "One raw state record (CBOR, base64 and hex)", Tag: "chain", Query: map[string]string{"key": "state key (required)", "height": "state version"}, Response: "StateRecord"}},
	{"GET", "/api/v1/proofs", APIDoc{Summary: "A proof bundle for a state key, verifiable offline with the genesis file", Tag: "chain", Query: map[string]string{"key": "state key (required)", "height": "state version"}, Response: "ProofBundle"}},
	{"GET", "/api/v1/gov/proposals", APIDoc{Summary: "Governance proposals, newest first, with votes and tally", Tag: "governance", Query: map[string]string{"state": "voting, passed, rejected, expired, withdrawn or failed"}, Response: "ProposalList"}},
	{"GET", "/api/v1/gov/proposals/{id}", APIDoc{Summary: "A proposal with its policy, weights, votes and tally", Tag: "governance", Response: "Proposal"}},
	{"GET", "/api/v1/gov/freezes", APIDoc{Summary: "Emergency freezes (requested, active, ratified, expired, lifted)", Tag: "governance", Response: "FreezeList"}},
	{"GET", "/api/v1/params", APIDoc{Summary: "Every governable parameter with its current value and default", Tag: "governance", Response: "ParamList"}},
	{"GET", "/api/v1/params/{name}", APIDoc{Summary: "A parameter with its history (height, time, proposal)", Tag: "governance", Response: "Param"}},
	{"GET", "/api/v1/gov/upgrades", APIDoc{Summary: "Software upgrades: the app version, the scheduled plan, the upgrades applied, and the upgrades this node's binary knows", Tag: "governance", Response: "UpgradesView"}},
	{"GET", "/api/v1/processes", APIDoc{Summary: "Process definitions, latest version of each: departments, steps, who published it (an admin, genesis or a proposal), and whether its next version takes a proposal", Tag: "governance", Response: "ProcessList"}},
	{"GET", "/api/v1/processes/{id}", APIDoc{Summary: "Every version of a process definition, oldest first (open cases run on the version they started with)", Tag: "governance", Response: "ProcessVersions"}},
	{"GET", "/api/v1/validators", APIDoc{Summary: "The validator set (key, CometBFT address, power, department, attested height), keys approved and waiting for their join attestation, and the newest recorded block a joining node signs", Tag: "governance", Response: "ValidatorList"}},
	{"GET", "/api/v1/gov/enckeys/{dept}", APIDoc{Summary: "A department's encryption-key versions and the entries still wrapped to its previous key (what its node re-wraps after a rotation)", Tag: "governance", Query: map[string]string{"limit": "entries to list, 0..500 (default 64)"}, Response: "RewrapStatus"}},
	{"GET", "/api/v1/incidents", APIDoc{Summary: "The incident register's public summary: counts by severity and state, published reviews", Tag: "governance", Response: "IncidentSummary"}},
	{"GET", "/api/v1/sharing/catalog", APIDoc{Summary: "The data resource catalogue (field names and share classes, never data)", Tag: "sharing", Query: map[string]string{"department": "owner department id", "share_class": "unconditional, conditional or none", "retired": "true for retired entries only"}, Response: "CatalogList"}},
	{"GET", "/api/v1/sharing/catalog/{id}", APIDoc{Summary: "A catalogue entry with every version", Tag: "sharing", Response: "CatalogEntry"}},
	{"GET", "/api/v1/sharing/requests", APIDoc{Summary: "Sharing requests with answers and grants: with the data bureau first, then newest first", Tag: "sharing", Query: map[string]string{"department": "owner or requester", "owner": "owner department", "requester": "requesting department", "state": "pending, arbitration, granted or refused", "resource": "resource id"}, Response: "RequestList"}},
	{"GET", "/api/v1/sharing/requests/{id}", APIDoc{Summary: "A sharing request and its grant (the grant has the request's id)", Tag: "sharing", Response: "SharingRequest"}},
	{"GET", "/api/v1/sharing/access", APIDoc{Summary: "Access records: each delivery under a grant with the hash of what was delivered", Tag: "sharing", Query: map[string]string{"grant": "grant id", "owner": "owner department", "requester": "requesting department"}, Response: "AccessList"}},
	{"POST", "/api/v1/sharing/fetch", APIDoc{Summary: "Owner node: data under a grant, for a fetch signed by requesting staff; the access is recorded on chain first, the data sealed to the requesting department (503 when the node serves no shared data)", Tag: "sharing",
		Body: "SignedFetch", Response: "Delivery", Staff: true}},
	{"GET", "/api/v1/sharing/stats", APIDoc{Summary: "Sharing statistics by department (owner or requester) and month: requests, grants, refusals by reason, median answer time in working days, overdue, arbitration overdue, materials saved (减材料)", Tag: "sharing", Query: map[string]string{"by": "owner (default) or requester", "department": "department id", "month": "YYYY-MM (CST)"}, Response: "SharingStats"}},
	{"GET", "/api/v1/sharing/cases/{case}/materials", APIDoc{Summary: "Materials a case's review obtained through data sharing instead of from the applicant: resource, giving department, delivery hash (no values)", Tag: "sharing", Response: "CaseMaterialList"}},
}
