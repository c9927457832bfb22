package web

import (
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// schemas are the named request and response bodies of the OpenAPI
// document, generated from the Go types so they cannot drift.
var schemas = map[string]any{
	"Error":   ErrorBody{},
	"Summary": Summary{},
	"DisclosureList": struct {
		Height      int64    `json:"height"`
		Disclosures []DocRow `json:"disclosures"`
	}{},
	"DisclosureHistory": History{},
	"FeedbackInput":     FeedbackInput{},
	"Created":           Created{},
	"FeedbackList": struct {
		Height   int64     `json:"height"`
		Feedback []ItemRow `json:"feedback"`
	}{},
	"FeedbackItem": ItemView{},
	"TaskList": struct {
		Height         int64     `json:"height"`
		Rectifications []TaskRow `json:"rectifications"`
	}{},
	"Verification": Verification{},
}

// RegisterSchema names a Go type for APIDoc.Body and APIDoc.Response
// (extensions call it from init).
func RegisterSchema(name string, sample any) { schemas[name] = sample }

// coreRoutes are the node API's own routes (internal/api), documented here
// so the one document covers every route under /api/v1.
var coreRoutes = []apiRoute{
	{"GET", "/api/v1/status", APIDoc{Summary: "Chain id, height, app hash, suite, validators and departments", Tag: "chain"}},
	{"GET", "/api/v1/blocks/{height}", APIDoc{Summary: "A block's header data and tx hashes", Tag: "chain"}},
	{"POST", "/api/v1/txs", APIDoc{Summary: "Submit an encoded, signed transaction (raw body or {\"tx\": base64}); ?async=1 returns after CheckTx", Tag: "chain", Query: map[string]string{"async": "1 to return after CheckTx"}}},
	{"GET", "/api/v1/txs/{hash}", APIDoc{Summary: "The recorded outcome of an executed transaction, found by govchain's hash (the suite hash: SM3 on gm chains) or CometBFT's (SHA-256); the answer carries both, as hash and cometbft_hash", Tag: "chain"}},
	{"GET", "/api/v1/accounts", APIDoc{Summary: "Accounts, optionally of one department", Tag: "chain", Query: map[string]string{"department": "department id"}}},
	{"GET", "/api/v1/accounts/{id}", APIDoc{Summary: "An account by address or name", Tag: "chain"}},
	{"GET", "/api/v1/departments", APIDoc{Summary: "Departments", Tag: "chain"}},
	{"GET", "/api/v1/departments/{id}", APIDoc{Summary: "A department with its admins and member count", Tag: "chain"}},
	{"GET", "/api/v1/state", APIDoc{Summary: "One raw state record (CBOR, base64 and hex)", Tag: "chain", Query: map[string]string{"key": "state key (required)", "height": "state version"}}},
	{"GET", "/api/v1/proofs", APIDoc{Summary: "A proof bundle for a state key, verifiable offline with the genesis file", Tag: "chain", Query: map[string]string{"key": "state key (required)", "height": "state version"}, Response: "ProofBundle"}},
	{"GET", "/api/v1/gov/proposals", APIDoc{Summary: "Governance proposals, newest first, with votes and tally", Tag: "governance", Query: map[string]string{"state": "voting, passed, rejected, expired, withdrawn or failed"}}},
	{"GET", "/api/v1/gov/proposals/{id}", APIDoc{Summary: "A proposal with its policy, weights, votes and tally", Tag: "governance"}},
	{"GET", "/api/v1/gov/freezes", APIDoc{Summary: "Emergency freezes (requested, active, ratified, expired, lifted)", Tag: "governance"}},
	{"GET", "/api/v1/params", APIDoc{Summary: "Every governable parameter with its current value and default", Tag: "governance"}},
	{"GET", "/api/v1/params/{name}", APIDoc{Summary: "A parameter with its history (height, time, proposal)", Tag: "governance"}},
	{"GET", "/api/v1/incidents", APIDoc{Summary: "The incident register's public summary: counts by severity and state, published reviews", Tag: "governance"}},
	{"GET", "/api/v1/sharing/catalog", APIDoc{Summary: "The data resource catalogue (field names and share classes, never data)", Tag: "sharing", Query: map[string]string{"department": "owner department id", "share_class": "unconditional, conditional or none", "retired": "true for retired entries only"}}},
	{"GET", "/api/v1/sharing/catalog/{id}", APIDoc{Summary: "A catalogue entry with every version", Tag: "sharing"}},
	{"GET", "/api/v1/sharing/requests", APIDoc{Summary: "Sharing requests with answers and grants: with the data bureau first, then newest first", Tag: "sharing", Query: map[string]string{"department": "owner or requester", "owner": "owner department", "requester": "requesting department", "state": "pending, arbitration, granted or refused", "resource": "resource id"}}},
	{"GET", "/api/v1/sharing/requests/{id}", APIDoc{Summary: "A sharing request and its grant (the grant has the request's id)", Tag: "sharing"}},
	{"GET", "/api/v1/sharing/access", APIDoc{Summary: "Access records: each delivery under a grant with the hash of what was delivered", Tag: "sharing", Query: map[string]string{"grant": "grant id", "owner": "owner department", "requester": "requesting department"}}},
	{"POST", "/api/v1/sharing/fetch", APIDoc{Summary: "Owner node: data under a grant, for a fetch signed by requesting staff; the access is recorded on chain first, the data sealed to the requesting department (503 when the node serves no shared data)", Tag: "sharing"}},
	{"GET", "/api/v1/sharing/stats", APIDoc{Summary: "Sharing statistics by department (owner or requester) and month: requests, grants, refusals by reason, median answer time in working days, overdue, arbitration overdue, materials saved (减材料)", Tag: "sharing", Query: map[string]string{"by": "owner (default) or requester", "department": "department id", "month": "YYYY-MM (CST)"}}},
	{"GET", "/api/v1/sharing/cases/{case}/materials", APIDoc{Summary: "Materials a case's review obtained through data sharing instead of from the applicant: resource, giving department, delivery hash (no values)", Tag: "sharing"}},
}

func (p *Portal) openAPIRoute() {
	p.API("GET", "/api/v1/openapi.json", APIDoc{Summary: "This document", Tag: "portal"}, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, p.openAPI())
	})
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// openAPI builds the OpenAPI 3 document from the routes that are
// registered on this portal and the node API's routes.
func (p *Portal) openAPI() map[string]any {
	paths := map[string]map[string]any{}
	all := append(append([]apiRoute{}, coreRoutes...), p.apiRoutes...)
	for _, rt := range all {
		op := map[string]any{"summary": rt.Doc.Summary, "operationId": operationID(rt)}
		if rt.Doc.Tag != "" {
			op["tags"] = []string{rt.Doc.Tag}
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		var qs []string
		for k := range rt.Doc.Query {
			qs = append(qs, k)
		}
		sort.Strings(qs)
		for _, k := range qs {
			params = append(params, map[string]any{"name": k, "in": "query", "required": strings.Contains(rt.Doc.Query[k], "required"),
				"description": rt.Doc.Query[k], "schema": map[string]any{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.Doc.Body != "" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref(rt.Doc.Body)}}}
		}
		status := "200"
		if rt.Doc.Status != 0 {
			status = strconv.Itoa(rt.Doc.Status)
		}
		ok := map[string]any{"description": "OK"}
		if rt.Doc.Response != "" {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": ref(rt.Doc.Response)}}
		} else {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}
		}
		op["responses"] = map[string]any{status: ok,
			"default": map[string]any{"description": "Error", "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}}
		if paths[rt.Path] == nil {
			paths[rt.Path] = map[string]any{}
		}
		paths[rt.Path][strings.ToLower(rt.Method)] = op
	}
	comps := map[string]any{"ProofBundle": map[string]any{"type": "object", "description": "govchain-proof/1 bundle (docs/proofs.md)",
		"required": []string{"format", "chain_id", "key_hex", "value", "state_version", "proof", "signed_header", "validator_set"}}}
	for name, sample := range schemas {
		comps[name] = schemaOf(reflect.TypeOf(sample), 0)
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "govchain API", "version": "1",
			"description": "JSON API of a govchain node: chain data, proofs, and the portal's public data (disclosures, feedback, verification). Errors are {code, codespace, message}."},
		"paths":      paths,
		"components": map[string]any{"schemas": comps},
	}
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

func operationID(rt apiRoute) string {
	s := strings.ToLower(rt.Method) + strings.NewReplacer("/api/v1/", "_", "/", "_", "{", "", "}", "", ".", "_", "-", "_").Replace(rt.Path)
	return s
}

var timeType = reflect.TypeOf(time.Time{})

// schemaOf is a small JSON Schema generator for the API's types.
func schemaOf(t reflect.Type, depth int) map[string]any {
	if depth > 8 {
		return map[string]any{"type": "object"}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "format": "byte"}
		}
		if t.Elem().Kind() == reflect.Array || t.Elem().Kind() == reflect.Slice {
			return map[string]any{"type": "array", "items": map[string]any{"type": "array", "items": map[string]any{"type": "string"}}}
		}
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), depth+1)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), depth+1)}
	case reflect.Struct:
		props := map[string]any{}
		addFields(t, props, depth)
		return map[string]any{"type": "object", "properties": props}
	}
	return map[string]any{}
}

func addFields(t reflect.Type, props map[string]any, depth int) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			et := f.Type
			for et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				addFields(et, props, depth)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, depth+1)
	}
}
