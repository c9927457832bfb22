package web

import (
	"crypto/hmac"
	"net/http"
)

// The account ceiling: wrong passwords for one account from all clients
// together fill a bucket (AccountFailBurst, one back per
// AccountFailEvery: 100, refilled at 100 an hour by default). One client
// cannot empty it: signinThrottle lets one client at most about 14 wrong
// passwords for an account in the first hour and 4 an hour after, so
// emptying it takes many addresses guessing at once. While it is empty
// the account's sign-in is refused (429) to browsers that never signed in
// to it, and open to a browser that did (its device cookie, an HMAC of the
// account under the portal's secret): the owner at their usual desk gets
// in during a distributed attack. The cookie is only a key to the ceiling;
// the per-client waits still apply to it. A restart changes the secret and
// forgets every device, and empties no bucket.
const deviceCookie = "gc_device"

// deviceMaxAge: a device is remembered for 90 days after its last
// sign-in.
const deviceMaxAge = 90 * 24 * 3600

func (p *Portal) setDeviceCookie(w http.ResponseWriter, r *http.Request, account string) {
	http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: p.mac("d|" + account), Path: "/staff/login", MaxAge: deviceMaxAge,
		HttpOnly: true, Secure: p.https(r), SameSite: http.SameSiteStrictMode})
}

func (p *Portal) knownDevice(r *http.Request, account string) bool {
	c, err := r.Cookie(deviceCookie)
	return err == nil && hmac.Equal([]byte(c.Value), []byte(p.mac("d|"+account)))
}

// accountBusy reports whether account is over its ceiling for this
// request's browser.
func (p *Portal) accountBusy(r *http.Request, account string) bool {
	return p.acctLimit.empty(account) && !p.knownDevice(r, account)
}

// accountFailed charges a wrong password to account's ceiling.
func (p *Portal) accountFailed(account string) { p.acctLimit.allow(account) }
