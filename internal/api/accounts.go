package api

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"

	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// AccountView is an account as the API shows it.
type AccountView struct {
	Address      string   `json:"address"`
	Name         string   `json:"name"`
	PublicKey    string   `json:"public_key"`
	Department   string   `json:"department"`
	Roles        []string `json:"roles"`
	Status       string   `json:"status"`
	StatusReason string   `json:"status_reason,omitempty"`
	Sequence     uint64   `json:"sequence"`
}

func viewAccount(a *identity.Account) AccountView {
	return AccountView{Address: a.Address, Name: a.Name, PublicKey: hex.EncodeToString(a.PublicKey), Department: a.Department,
		Roles: a.Roles, Status: a.Status, StatusReason: a.StatusReason, Sequence: a.Sequence}
}

// account answers by address or by name.
func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	st := s.n.Store.Committed()
	addr := id
	if len(id) != 40 {
		var err error
		if addr, err = identity.AddressByName(st, id); err != nil {
			writeError(w, err)
			return
		}
	}
	a, err := identity.GetAccount(st, addr)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, viewAccount(a))
}

func (s *Server) accounts(w http.ResponseWriter, r *http.Request) {
	list, err := identity.Accounts(s.n.Store.Committed(), r.URL.Query().Get("department"))
	if err != nil {
		writeError(w, err)
		return
	}
	out := make([]AccountView, 0, len(list))
	for _, a := range list {
		out = append(out, viewAccount(a))
	}
	writeJSON(w, http.StatusOK, out)
}

// DepartmentView adds the department's admins and member count.
type DepartmentView struct {
	*identity.Department
	Admins  []string `json:"admins"`
	Members int      `json:"members"`
}

func (s *Server) departments(w http.ResponseWriter, r *http.Request) {
	list, err := identity.Departments(s.n.Store.Committed())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) department(w http.ResponseWriter, r *http.Request) {
	st := s.n.Store.Committed()
	d, err := identity.GetDepartment(st, r.PathValue("id"))
	if err != nil {
		writeError(w, err)
		return
	}
	members, err := identity.Accounts(st, d.ID)
	if err != nil {
		writeError(w, err)
		return
	}
	v := DepartmentView{Department: d, Admins: []string{}, Members: len(members)}
	for _, m := range members {
		for _, role := range m.Roles {
			if role == "admin" && m.Status == identity.StatusActive {
				v.Admins = append(v.Admins, m.Name)
			}
		}
	}
	writeJSON(w, http.StatusOK, v)
}

// StateResponse is GET /api/v1/state: one raw record.
type StateResponse struct {
	Key      string `json:"key"`
	Height   int64  `json:"height"`
	Value    string `json:"value"` // base64 (CBOR record)
	ValueHex string `json:"value_hex"`
}

func (s *Server) state(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	if key == "" {
		writeError(w, badRequest("key is required"))
		return
	}
	height := s.n.Store.Version()
	if hs := r.URL.Query().Get("height"); hs != "" {
		h, err := strconv.ParseInt(hs, 10, 64)
		if err != nil || h <= 0 {
			writeError(w, badRequest("height must be a positive integer"))
			return
		}
		height = h
	}
	rd, err := s.n.Store.At(height)
	if err != nil {
		if errors.Is(err, store.ErrNoVersion) {
			writeError(w, notFound("%v", err))
			return
		}
		writeError(w, err)
		return
	}
	v, err := rd.Get([]byte(key))
	if err != nil {
		writeError(w, err)
		return
	}
	if v == nil {
		writeError(w, notFound("no record %q at height %d", key, height))
		return
	}
	writeJSON(w, http.StatusOK, StateResponse{Key: key, Height: height, Value: base64.StdEncoding.EncodeToString(v), ValueHex: hex.EncodeToString(v)})
}
