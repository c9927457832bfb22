package api

import "net/http"

func (s *Server) proof(w http.ResponseWriter, r *http.Request) {
	writeError(w, notFound("proofs: not wired yet"))
}
