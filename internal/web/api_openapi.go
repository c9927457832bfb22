package web

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// portalSchemas are the portal core's request and response bodies in the OpenAPI
// document, generated from the Go types so they cannot drift.
var portalSchemas = map[string]any{
	"Error":        ErrorBody{},
	"Summary":      Summary{},
	"Verification": Verification{},
}

// schemas are the core's named types and every extension's.
func (p *Portal) schemas() map[string]any {
	out := coreSchemas()
	for k, v := range portalSchemas {
		out[k] = v
	}
	for _, e := range p.exts {
		for k, v := range e.Schemas {
			out[k] = v
		}
	}
	return out
}

func (p *Portal) openAPIRoute() {
	p.API("GET", "/api/v1/openapi.json", APIDoc{Summary: "This document", Tag: "portal", Response: "OpenAPIDocument"}, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, p.openAPI())
	})
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// errorResponses are the refusals an operation may answer, all with the
// one error body; the status follows the code's kind (internal/api).
var errorResponses = map[string]struct{ name, desc string }{
	"400": {"BadRequest", "The request is malformed: a parameter or body field breaks a rule; message names the field"},
	"401": {"Unauthorized", "The signature does not verify, or the signer is unknown"},
	"403": {"Forbidden", "The signer may not do this (role, department, grant, frozen action)"},
	"404": {"NotFound", "No such record (or no route: message says so)"},
	"409": {"Conflict", "The request conflicts with state (sequence, duplicate, wrong step)"},
	"413": {"TooLarge", "The body or a field is larger than allowed"},
	"429": {"TooManyRequests", "Rate limit of this client reached: try again later"},
	"503": {"Unavailable", "This node cannot serve the request now (catching up, service not configured)"},
}

// openAPI builds the OpenAPI 3 document from the routes that are
// registered on this portal and the node API's routes.
func (p *Portal) openAPI() map[string]any {
	paths := map[string]map[string]any{}
	used := map[string]bool{}
	all := append(append([]apiRoute{}, coreRoutes...), p.apiRoutes...)
	tags := map[string]bool{}
	for _, rt := range all {
		op := p.operation(rt, used)
		if rt.Doc.Tag != "" {
			tags[rt.Doc.Tag] = true
		}
		if paths[rt.Path] == nil {
			paths[rt.Path] = map[string]any{}
		}
		paths[rt.Path][strings.ToLower(rt.Method)] = op
	}
	comps := map[string]any{"ProofBundle": proofBundleSchema(), "OpenAPIDocument": map[string]any{"type": "object",
		"description": "An OpenAPI 3.0 document (this one)", "required": []string{"openapi", "info", "paths"},
		"properties": map[string]any{"openapi": map[string]any{"type": "string"}, "info": map[string]any{"type": "object", "additionalProperties": true},
			"paths": map[string]any{"type": "object", "additionalProperties": true}}}}
	for name, sample := range p.schemas() {
		comps[name] = schemaOf(reflect.TypeOf(sample), 0)
	}
	comps = referenced(paths, comps)
	errBody := comps["Error"].(map[string]any)
	errBody["required"] = []string{"code", "codespace", "message"}
	errBody["description"] = "Every refusal: the registered code within its codespace (docs/errors.md) and a message naming the field and the rule"
	responses := map[string]any{}
	for _, e := range errorResponses {
		if used[e.name] {
			responses[e.name] = errorResponse(e.desc)
		}
	}
	responses["Error"] = errorResponse("Any other failure (500: the node's own fault; the message says what failed)")
	var tagList []any
	for _, t := range sortedKeys(tags) {
		tagList = append(tagList, map[string]any{"name": t, "description": tagDescriptions[t]})
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "govchain API", "version": "1",
			"description": "JSON API of a govchain node: chain data, proofs, and the portal's public data (disclosures, feedback, verification). " +
				"Every refusal is {code, codespace, message} (docs/errors.md). Transactions are built and signed by the client (docs/wire-format.md).",
			"license": map[string]any{"name": "Proprietary: City of Pingshan", "url": "https://www.pingshan.gov.cn/"}},
		"servers": []any{map[string]any{"url": "/", "description": "The node that served this document"},
			map[string]any{"url": "http://127.0.0.1:8080", "description": "A dev node (govchain dev --http default)"}},
		"tags":  tagList,
		"paths": paths,
		"components": map[string]any{"schemas": comps, "responses": responses,
			"securitySchemes": map[string]any{"staffSignature": map[string]any{"type": "http", "scheme": "signature",
				"description": "Not a header: the JSON body carries a signature by a staff key of the requesting department " +
					"(SM2 with the default ID on gm chains, Ed25519 on intl) over \"govchain/sharing/fetch\" followed by the fetch JSON; " +
					"the owner node checks the key against the department's members on chain (docs/data-sharing.md)."}}},
	}
}

var tagDescriptions = map[string]string{
	"chain": "Blocks, transactions, accounts, departments, raw state and proofs", "governance": "Proposals, parameters, freezes and incidents",
	"sharing": "Inter-department data sharing: catalogue, requests, grants and access records", "portal": "The portal's own data",
	"disclosure": "Published government documents", "feedback": "Citizens' feedback, ratings and rectification tasks",
	"verify": "Checking a record's authenticity", "evaluation": "The platform's evaluation on five dimensions, the records behind each figure, baselines",
	"participation": "Showcase stories, activities and sign-ups, return visits", "land": "Land-use cases, notices, parcels and permits", "finance": "Budgets, payments and red flags",
}

func (p *Portal) operation(rt apiRoute, used map[string]bool) map[string]any {
	op := map[string]any{"summary": rt.Doc.Summary, "operationId": operationID(rt), "security": []any{}}
	if rt.Doc.Tag != "" {
		op["tags"] = []string{rt.Doc.Tag}
	}
	if rt.Doc.Staff {
		op["security"] = []any{map[string]any{"staffSignature": []any{}}}
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	for _, k := range sortedKeys(rt.Doc.Query) {
		params = append(params, map[string]any{"name": k, "in": "query", "required": strings.Contains(rt.Doc.Query[k], "required"),
			"description": rt.Doc.Query[k], "schema": map[string]any{"type": "string"}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if rt.Doc.Body != "" {
		content := map[string]any{"application/json": map[string]any{"schema": ref(rt.Doc.Body)}}
		if rt.Doc.Signed {
			content["application/octet-stream"] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary",
				"description": "the encoded, signed envelope (canonical CBOR)"}}
		}
		op["requestBody"] = map[string]any{"required": true, "content": content}
	}
	status := "200"
	if rt.Doc.Status != 0 {
		status = strconv.Itoa(rt.Doc.Status)
	}
	resps := map[string]any{}
	if rt.Doc.Response != "" {
		resps[status] = map[string]any{"description": http.StatusText(atoi(status)), "content": jsonContent(rt.Doc.Response)}
		if rt.Doc.Signed {
			resps["202"] = map[string]any{"description": "Accepted after CheckTx (?async=1)", "content": jsonContent(rt.Doc.Response)}
		}
	}
	for code, schema := range rt.Doc.Also {
		resps[strconv.Itoa(code)] = map[string]any{"description": http.StatusText(code), "content": jsonContent(schema)}
	}
	codes := []string{"400", "429"}
	if pathParam.MatchString(rt.Path) || rt.Doc.Body == "" && strings.Contains(strings.Join(mapValues(rt.Doc.Query), " "), "required") {
		codes = append(codes, "404")
	}
	if rt.Doc.Signed || rt.Doc.Staff {
		codes = append(codes, "401", "403", "404", "409", "413", "503")
	} else if rt.Method == "POST" {
		codes = append(codes, "413", "503")
	}
	for _, c := range codes {
		e := errorResponses[c]
		used[e.name] = true
		resps[c] = map[string]any{"$ref": "#/components/responses/" + e.name}
	}
	resps["default"] = map[string]any{"$ref": "#/components/responses/Error"}
	op["responses"] = resps
	return op
}

// referenced keeps the schemas the paths use, directly or through other
// schemas (plus Error, which every error response uses): a schema of an
// extension that is not enabled is left out.
func referenced(paths any, comps map[string]any) map[string]any {
	out := map[string]any{"Error": comps["Error"]}
	todo := []any{paths}
	for len(todo) > 0 {
		b, _ := json.Marshal(todo[0])
		todo = todo[1:]
		for _, m := range schemaRef.FindAllStringSubmatch(string(b), -1) {
			if _, seen := out[m[1]]; !seen && comps[m[1]] != nil {
				out[m[1]] = comps[m[1]]
				todo = append(todo, comps[m[1]])
			}
		}
	}
	return out
}

var schemaRef = regexp.MustCompile(`"#/components/schemas/([A-Za-z0-9_]+)"`)

func errorResponse(desc string) map[string]any {
	return map[string]any{"description": desc, "content": jsonContent("Error")}
}

func jsonContent(schema string) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": ref(schema)}}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

func operationID(rt apiRoute) string {
	s := strings.ToLower(rt.Method) + strings.NewReplacer("/api/v1/", "_", "/", "_", "{", "", "}", "", ".", "_", "-", "_").Replace(rt.Path)
	return s
}
