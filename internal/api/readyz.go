package api

import "net/http"

// readyz answers 200 when the node is caught up, its index is current and
// it takes transactions, else 503 with the reason (node.Readiness). A load
// balancer sends traffic by it; /healthz says only that the process lives.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	rd := s.n.Ready(r.Context())
	code := http.StatusOK
	if !rd.Ready {
		code = http.StatusServiceUnavailable
	}
	writeJSON(w, code, rd)
}
