package app

import (
	"strings"
	"testing"

	"unibias/engine/custom"
	"unibias/engine/params"
)

// TestYourDataInAddressAndRunFile: small moments travel in the page
// address; large ones are left out of it and travel in the run file,
// which loads them back exactly.
func TestYourDataInAddressAndRunFile(t *testing.T) {
	small := custom.Encode(custom.Example())
	p := params.Defaults()
	if err := p.Set("data", "custom"); err != nil {
		t.Fatal(err)
	}
	if err := p.Set("moments", small); err != nil {
		t.Fatal(err)
	}
	if got := addressParams(p).Get("moments"); got != small {
		t.Errorf("the example's %d-character moments left the address", len(small))
	}
	back, _ := ParseSearch("?" + MergeQuery("", addressParams(p)))
	if back.Get("moments") != small || back.Get("data") != "custom" {
		t.Errorf("the address does not give the moments back")
	}
	// 60 features: far beyond what an address should carry.
	big := &custom.Data{NameA: "left", NameB: "right"}
	const da, db = 30, 30
	d := da + db
	big.M.DA, big.M.DB = da, db
	big.M.Sxx = make([]float64, d*d)
	big.M.Syx = make([]float64, d)
	for i := 0; i < d; i++ {
		big.M.Sxx[i*d+i] = 1 + float64(i)/7
		big.M.Syx[i] = 0.1 + float64(i)/1000
	}
	big.M.Eyy = 10
	if err := custom.Check(big); err != nil {
		t.Fatal(err)
	}
	enc := custom.Encode(big)
	if err := p.Set("moments", enc); err != nil {
		t.Fatal(err)
	}
	if len(enc) <= maxURLMoments || addressParams(p).Get("moments") != "" {
		t.Fatalf("%d-character moments stay in the address", len(enc))
	}
	if p.Get("moments") != enc {
		t.Error("addressParams changed the page's own parameters")
	}
	rf := NewRunFile(p.Encode(), testPlan(), testResults())
	got, err := DecodeRunFile([]byte(EncodeJSON(rf)))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := ParseSearch(got.Query)
	if s.Get("moments") != enc || s.Get("data") != "custom" {
		t.Error("the run file does not carry the moments")
	}
	dd, err := custom.Decode(s.Get("moments"))
	if err != nil || dd.NameA != "left" || !strings.HasPrefix(enc, "m1_30_30_") {
		t.Errorf("run-file moments do not decode: %v", err)
	}
}
