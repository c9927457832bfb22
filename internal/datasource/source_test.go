package datasource_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pingshan/govchain/internal/datasource"
)

const eiaCSV = `parcel_id,approval_no,conclusion,applicant_name
PS-G01-0101,坪环批〔2026〕12号,同意,刘志强
PS-G02-0207,坪环批〔2026〕15号,"同意，附条件",王建国
PS-G01-0101,坪环批〔2026〕31号,变更同意,刘志强
`

func sources(t *testing.T) map[string]datasource.Source {
	t.Helper()
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "eia.csv")
	if err := os.WriteFile(csvPath, []byte(eiaCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "eia.db")
	db, err := sql.Open("sqlite", "file:"+dbPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		`CREATE TABLE eia (parcel_id TEXT, approval_no TEXT, conclusion TEXT, applicant_name TEXT)`,
		`INSERT INTO eia VALUES ('PS-G01-0101','坪环批〔2026〕12号','同意','刘志强'),
			('PS-G02-0207','坪环批〔2026〕15号','同意，附条件','王建国'),
			('PS-G01-0101','坪环批〔2026〕31号','变更同意','刘志强')`,
		`CREATE VIEW eia_public AS SELECT parcel_id, conclusion FROM eia`,
	} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	out := map[string]datasource.Source{}
	for name, c := range map[string]datasource.Config{
		"csv":    {Kind: "csv", Path: csvPath},
		"sqlite": {Kind: "sqlite", Path: dbPath, Table: "eia"},
	} {
		s, err := datasource.Open(c)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Cleanup(func() { s.Close() })
		out[name] = s
	}
	if v, err := datasource.OpenSQLite(dbPath, "eia_public"); err != nil {
		t.Fatalf("a view: %v", err)
	} else {
		r, err := v.Query(context.Background(), datasource.Query{Fields: []string{"conclusion"}, KeyField: "parcel_id", KeyValue: "PS-G02-0207"})
		if err != nil || len(r.Rows) != 1 {
			t.Fatalf("view query: %v %+v", err, r)
		}
		v.Close()
	}
	return out
}

// TestSourcesAgree: the CSV file and the SQLite table with the same rows
// give the same answers, byte for byte in canonical form (so the hash of a
// delivery does not depend on where the operator keeps the data).
func TestSourcesAgree(t *testing.T) {
	srcs := sources(t)
	for _, tc := range []struct {
		name    string
		q       datasource.Query
		want    [][]string
		wantErr error
	}{
		{"by parcel, two fields", datasource.Query{Fields: []string{"approval_no", "conclusion"}, KeyField: "parcel_id", KeyValue: "PS-G01-0101"},
			[][]string{{"坪环批〔2026〕12号", "同意"}, {"坪环批〔2026〕31号", "变更同意"}}, nil},
		{"a value with a comma", datasource.Query{Fields: []string{"conclusion"}, KeyField: "parcel_id", KeyValue: "PS-G02-0207"},
			[][]string{{"同意，附条件"}}, nil},
		{"no match", datasource.Query{Fields: []string{"conclusion"}, KeyField: "parcel_id", KeyValue: "PS-X"}, [][]string{}, nil},
		{"limit", datasource.Query{Fields: []string{"parcel_id"}, Limit: 1}, [][]string{{"PS-G01-0101"}}, nil},
		{"injection in the value is a value", datasource.Query{Fields: []string{"parcel_id"}, KeyField: "parcel_id", KeyValue: "' OR 1=1 --"}, [][]string{}, nil},
		{"unknown field", datasource.Query{Fields: []string{"phone"}}, nil, datasource.ErrNoField},
	} {
		for name, s := range srcs {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				r, err := s.Query(context.Background(), tc.q)
				if tc.wantErr != nil {
					if !errors.Is(err, tc.wantErr) {
						t.Fatalf("err %v, want %v", err, tc.wantErr)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(r.Rows, tc.want) {
					t.Fatalf("rows %q, want %q", r.Rows, tc.want)
				}
			})
		}
		if tc.wantErr == nil {
			a, _ := srcs["csv"].Query(context.Background(), tc.q)
			b, _ := srcs["sqlite"].Query(context.Background(), tc.q)
			ca, _ := a.Canonical()
			cb, _ := b.Canonical()
			if string(ca) != string(cb) {
				t.Errorf("%s: canonical forms differ: %s vs %s", tc.name, ca, cb)
			}
		}
	}
}

func TestBadConfig(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("Parcel ID,x\n"), 0o600)
	for name, c := range map[string]datasource.Config{
		"unknown kind":        {Kind: "oracle"},
		"missing file":        {Kind: "csv", Path: filepath.Join(dir, "none.csv")},
		"bad header":          {Kind: "csv", Path: bad},
		"table name with sql": {Kind: "sqlite", Path: filepath.Join(dir, "x.db"), Table: "eia; DROP TABLE eia"},
	} {
		if _, err := datasource.Open(c); err == nil {
			t.Errorf("%s: opened", name)
		}
	}
	if _, err := (&datasource.CSV{}).Query(context.Background(), datasource.Query{Fields: []string{"a", "b c"}}); err == nil {
		t.Error("a field name with a space accepted")
	}
}
