// Package network lays out node homes: the one-node development chain and
// multi-validator networks, one department per validator, sharing one
// genesis. The files it writes are plain config an operator edits to move
// nodes onto separate hosts.
package network

import (
	"fmt"

	"github.com/pingshan/govchain/internal/demo/financeyear"
	"github.com/pingshan/govchain/internal/module"
)

// Department is a department as set up in a new network.
type Department struct {
	ID, NameZH, NameEN string
}

// DemoDepartments are Pingshan's departments in the order validators are
// assigned to them.
func DemoDepartments() []Department {
	return []Department{
		{"gov", "坪山市人民政府", "City Government"},
		{"nrb", "坪山市自然资源局", "Natural Resources Bureau"},
		{"fin", "财政局", "Finance Bureau"},
		{"eeb", "生态环境局", "Ecology and Environment Bureau"},
		{"hub", "住房和城乡建设局", "Housing and Urban-Rural Development Bureau"},
		{"gsd", "政务服务数据管理局", "Government Services and Data Management Bureau"},
		{"aud", "审计局", "Audit Bureau"},
	}
}

// departmentsFor returns n departments: the demo ones, then numbered extras.
func departmentsFor(n int) []Department {
	out := DemoDepartments()
	for i := len(out); i < n; i++ {
		out = append(out, Department{ID: fmt.Sprintf("dept%d", i+1), NameZH: fmt.Sprintf("部门%d", i+1), NameEN: fmt.Sprintf("Department %d", i+1)})
	}
	return out
}

// Account is a staff account to create with the network.
type Account struct {
	Name       string   `json:"name"`
	Department string   `json:"department"`
	Roles      []string `json:"roles"`
}

// DemoAccounts are the staff of the demo departments: enough people to
// walk a land case and a payment through every step.
func DemoAccounts() []Account {
	r := func(roles ...string) []string { return roles }
	out := []Account{
		{"gov-admin", "gov", r(module.RoleAdmin)},
		{"gov-approver", "gov", r(module.RoleApprover)},
		{"nrb-admin", "nrb", r(module.RoleAdmin)},
		{"nrb-clerk", "nrb", r(module.RoleClerk)},
		{"nrb-reviewer", "nrb", r(module.RoleReviewer)},
		{"nrb-approver", "nrb", r(module.RoleApprover)},
		{"fin-admin", "fin", r(module.RoleAdmin)},
		{"fin-officer", "fin", r(module.RoleFinance)},
		{"fin-officer2", "fin", r(module.RoleFinance)},
		{"fin-director", "fin", r(module.RoleApprover, module.RoleFinance)},
		{"eeb-admin", "eeb", r(module.RoleAdmin)},
		{"eeb-reviewer", "eeb", r(module.RoleReviewer)},
		{"hub-admin", "hub", r(module.RoleAdmin)},
		{"hub-reviewer", "hub", r(module.RoleReviewer)},
		{"gsd-admin", "gsd", r(module.RoleAdmin)},
		{"gsd-gateway", "gsd", r(module.RoleGateway)},
		{"aud-admin", "aud", r(module.RoleAdmin)},
		{"aud-auditor", "aud", r(module.RoleAuditor)},
	}
	// Each spending department's accountant requests payments (public finance).
	for _, a := range financeyear.DemoStaff() {
		out = append(out, Account{a.Name, a.Department, a.Roles})
	}
	return out
}
