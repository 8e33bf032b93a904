// Package sessions keeps logged-in users in a package-level map shared by its handlers.
package sessions

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
)

var active = map[string]string{} // token -> user

func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func login(w http.ResponseWriter, r *http.Request) {
	token := newToken()
	active[token] = r.FormValue("user") // want `concurrent map writes: active is (written by goroutines|also written)`
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token})
}

func logout(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie("session")
	if err != nil {
		return
	}
	delete(active, c.Value) // want `concurrent map writes: active is written by goroutines`
	w.WriteHeader(http.StatusNoContent)
}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/login", login)
	mux.HandleFunc("/logout", logout)
}
