package httpapi

import (
	"net/http"
	"time"

	"github.com/ncbnet/ncbnet/internal/auth"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/member"
)

// jsonHandler is a handler that answers JSON: a status and a body, or an error
// for the one error writer. A nil body answers the status alone.
type jsonHandler func(r *http.Request) (int, any, error)

func (s *Server) json(h jsonHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		status, body, err := h(r)
		switch {
		case err != nil:
			s.writeError(w, r, err)
		case body == nil:
			w.WriteHeader(status)
		default:
			writeJSON(w, status, body)
		}
	}
}

// listed runs a listing with the request's page and shapes the answer.
func listed[T any](r *http.Request, key func(T) string, fetch func(member.Page) ([]T, error)) (int, any, error) {
	page, err := pageOf(r)
	if err != nil {
		return 0, nil, err
	}
	items, err := fetch(page)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, pageAnswer(items, page, key), nil
}

// answer turns a service's (value, error) into a handler's result.
func answer[T any](status int, v T, err error) (int, any, error) {
	if err != nil {
		return 0, nil, err
	}
	return status, v, nil
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func (s *Server) login(r *http.Request) (int, any, error) {
	var req loginRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	sess, err := s.cfg.Auth.Login(r.Context(), req.Username, req.Password)
	return answer(http.StatusCreated, sess, err)
}

func (s *Server) logout(r *http.Request) (int, any, error) {
	err := s.cfg.Auth.Logout(r.Context(), principalFrom(r.Context()))
	return answer[any](http.StatusNoContent, nil, err)
}

func (s *Server) listMembers(r *http.Request) (int, any, error) {
	return listed(r, func(c member.Country) string { return c.ISO3 }, func(p member.Page) ([]member.Country, error) {
		return s.cfg.Members.Countries(r.Context(), principalFrom(r.Context()), p)
	})
}

func (s *Server) getMember(r *http.Request) (int, any, error) {
	c, err := s.cfg.Members.Country(r.Context(), principalFrom(r.Context()), r.PathValue("iso3"))
	return answer(http.StatusOK, c, err)
}

// pathID reads an ID path parameter, refusing anything not of the ID shape
// before it reaches a service.
func pathID(r *http.Request, what string) (string, error) {
	v := r.PathValue("id")
	if !id.Valid(v) {
		return "", fault.New(fault.NotFound, "no %s %q", what, v)
	}
	return v, nil
}

// byID runs a service call on the {id} of the path.
func byID[T any](r *http.Request, what string, call func(id string) (T, error)) (int, any, error) {
	v, err := pathID(r, what)
	if err != nil {
		return 0, nil, err
	}
	out, err := call(v)
	return answer(http.StatusOK, out, err)
}

// countryParam reads ?country=, defaulting to the caller's own bureau.
func countryParam(r *http.Request) string {
	if c := r.URL.Query().Get("country"); c != "" {
		return c
	}
	return principalFrom(r.Context()).Country
}

func (s *Server) listUnits(r *http.Request) (int, any, error) {
	return listed(r, func(u member.Unit) string { return u.ID }, func(p member.Page) ([]member.Unit, error) {
		return s.cfg.Members.Units(r.Context(), principalFrom(r.Context()), countryParam(r), p)
	})
}

func (s *Server) createUnit(r *http.Request) (int, any, error) {
	var req member.NewUnit
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	u, err := s.cfg.Members.CreateUnit(r.Context(), principalFrom(r.Context()), req)
	return answer(http.StatusCreated, u, err)
}

func (s *Server) getUnit(r *http.Request) (int, any, error) {
	return byID(r, "unit", func(id string) (member.Unit, error) {
		return s.cfg.Members.Unit(r.Context(), principalFrom(r.Context()), id)
	})
}

func (s *Server) disableUnit(r *http.Request) (int, any, error) {
	return byID(r, "unit", func(id string) (member.Unit, error) {
		return s.cfg.Members.DisableUnit(r.Context(), principalFrom(r.Context()), id)
	})
}

func (s *Server) listUsers(r *http.Request) (int, any, error) {
	f := member.UserFilter{Country: countryParam(r), UnitID: r.URL.Query().Get("unit")}
	return listed(r, func(u member.User) string { return u.ID }, func(p member.Page) ([]member.User, error) {
		return s.cfg.Members.Users(r.Context(), principalFrom(r.Context()), f, p)
	})
}

func (s *Server) createUser(r *http.Request) (int, any, error) {
	var req member.NewUser
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	u, err := s.cfg.Members.CreateUser(r.Context(), principalFrom(r.Context()), req)
	return answer(http.StatusCreated, u, err)
}

func (s *Server) getUser(r *http.Request) (int, any, error) {
	return byID(r, "user", func(id string) (member.User, error) {
		return s.cfg.Members.User(r.Context(), principalFrom(r.Context()), id)
	})
}

func (s *Server) disableUser(r *http.Request) (int, any, error) {
	return byID(r, "user", func(id string) (member.User, error) {
		return s.cfg.Members.DisableUser(r.Context(), principalFrom(r.Context()), id)
	})
}

func (s *Server) listTokens(r *http.Request) (int, any, error) {
	return listed(r, func(t auth.Token) string { return t.ID }, func(p member.Page) ([]auth.Token, error) {
		return s.cfg.Auth.Tokens(r.Context(), principalFrom(r.Context()), countryParam(r), p)
	})
}

func (s *Server) createToken(r *http.Request) (int, any, error) {
	var req auth.NewToken
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	if req.ExpiresAt != nil {
		t := req.ExpiresAt.UTC().Truncate(time.Second)
		req.ExpiresAt = &t
	}
	t, err := s.cfg.Auth.CreateToken(r.Context(), principalFrom(r.Context()), req)
	return answer(http.StatusCreated, t, err)
}

func (s *Server) revokeToken(r *http.Request) (int, any, error) {
	return byID(r, "token", func(id string) (auth.Token, error) {
		return s.cfg.Auth.RevokeToken(r.Context(), principalFrom(r.Context()), id)
	})
}
