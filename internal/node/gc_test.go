package node

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// TestGCConfigResolve: defaults when absent, config over environment,
// environment kept for fields left zero, out-of-range values refused.
func TestGCConfigResolve(t *testing.T) {
	env := func(kv ...string) func(string) (string, bool) {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	const def = int64(DefaultGCMemoryLimitMiB) << 20
	cases := []struct {
		name        string
		c           *GCConfig
		env         func(string) (string, bool)
		percent     int
		percentFrom string
		limit       int64
		limitFrom   string
		wantErr     bool
	}{
		{name: "absent section", c: nil, env: env(), percent: DefaultGCPercent, percentFrom: "default", limit: def, limitFrom: "default"},
		{name: "zero fields", c: &GCConfig{}, env: env(), percent: DefaultGCPercent, percentFrom: "default", limit: def, limitFrom: "default"},
		{name: "config values", c: &GCConfig{Percent: 150, MemoryLimitMiB: 4096}, env: env(), percent: 150, percentFrom: "config", limit: 4096 << 20, limitFrom: "config"},
		{name: "no limit", c: &GCConfig{MemoryLimitMiB: -1}, env: env(), percent: DefaultGCPercent, percentFrom: "default", limit: math.MaxInt64, limitFrom: "config"},
		{name: "env kept when config is zero", c: nil, env: env("GOGC", "50", "GOMEMLIMIT", "1GiB"), percentFrom: "env", limitFrom: "env"},
		{name: "empty env is unset", c: nil, env: env("GOGC", ""), percent: DefaultGCPercent, percentFrom: "default", limit: def, limitFrom: "default"},
		{name: "config beats env", c: &GCConfig{Percent: 200, MemoryLimitMiB: 512}, env: env("GOGC", "50", "GOMEMLIMIT", "1GiB"), percent: 200, percentFrom: "config", limit: 512 << 20, limitFrom: "config"},
		{name: "percent too low", c: &GCConfig{Percent: 10}, env: env(), wantErr: true},
		{name: "percent negative", c: &GCConfig{Percent: -1}, env: env(), wantErr: true},
		{name: "percent too high", c: &GCConfig{Percent: 20000}, env: env(), wantErr: true},
		{name: "limit too low", c: &GCConfig{MemoryLimitMiB: 100}, env: env(), wantErr: true},
		{name: "limit negative other than -1", c: &GCConfig{MemoryLimitMiB: -2}, env: env(), wantErr: true},
		{name: "limit overflows bytes", c: &GCConfig{MemoryLimitMiB: math.MaxInt64 >> 19}, env: env(), wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.c.Resolve(tc.env)
			if tc.wantErr {
				if !errors.Is(err, ErrBadGCConfig) {
					t.Fatalf("err = %v, want ErrBadGCConfig", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.PercentFrom != tc.percentFrom || got.MemoryLimitFrom != tc.limitFrom {
				t.Fatalf("from = %s/%s, want %s/%s", got.PercentFrom, got.MemoryLimitFrom, tc.percentFrom, tc.limitFrom)
			}
			if tc.percentFrom != "env" && got.Percent != tc.percent {
				t.Errorf("percent = %d, want %d", got.Percent, tc.percent)
			}
			if tc.limitFrom != "env" && got.MemoryLimit != tc.limit {
				t.Errorf("limit = %d, want %d", got.MemoryLimit, tc.limit)
			}
		})
	}
}

// TestAppConfigGCJSON: the section is optional in govchain.json and reads
// back what was written.
func TestAppConfigGCJSON(t *testing.T) {
	var old AppConfig
	if err := json.Unmarshal([]byte(`{"http_addr":"127.0.0.1:1","department":"nrb"}`), &old); err != nil {
		t.Fatal(err)
	}
	if old.GC != nil {
		t.Fatalf("GC = %+v for a config without the section, want nil", old.GC)
	}
	var c AppConfig
	if err := json.Unmarshal([]byte(`{"gc":{"percent":250,"memory_limit_mib":3072}}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.GC == nil || c.GC.Percent != 250 || c.GC.MemoryLimitMiB != 3072 {
		t.Fatalf("GC = %+v, want percent 250, limit 3072", c.GC)
	}
}
