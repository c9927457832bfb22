package cryptosuite

import (
	"math/big"
	"testing"
)

// badPublicKeys returns suite-specific encodings that have the right length
// but must still be refused, built from the curve equations so each case
// really exercises the check its name claims.
func badPublicKeys(t testing.TB, s Suite, good []byte) map[string][]byte {
	t.Helper()
	switch s.Name() {
	case GM:
		return badSM2Points(good)
	case Intl:
		return badEd25519Points(t)
	}
	t.Fatalf("no bad keys for suite %q", s.Name())
	return nil
}

func badSM2Points(good []byte) map[string][]byte {
	p, _ := new(big.Int).SetString("fffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff", 16)
	offCurve := append([]byte(nil), good...)
	offCurve[64] ^= 0x01
	compressed := append([]byte{0x02 | (good[64] & 1)}, good[1:33]...)
	// (x+p, y) is the same point with x out of range: accepting it would
	// give the key a second encoding.
	x := new(big.Int).SetBytes(good[1:33])
	unreduced := append([]byte(nil), good...)
	xp := new(big.Int).Add(x, p)
	if xp.BitLen() <= 256 {
		xp.FillBytes(unreduced[1:33])
	} else {
		unreduced = offCurve // x too large to alias; fall back to a covered case
	}
	hybrid := append([]byte(nil), good...)
	hybrid[0] = 0x06 | (good[64] & 1)
	return map[string][]byte{
		"point off curve":        offCurve,
		"compressed (33 bytes)":  compressed,
		"hybrid prefix":          hybrid,
		"prefix 0x00":            append([]byte{0}, good[1:]...),
		"unreduced x coordinate": unreduced,
	}
}

func badEd25519Points(t testing.TB) map[string][]byte {
	p := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	d := new(big.Int).Mul(big.NewInt(-121665), new(big.Int).ModInverse(big.NewInt(121666), p))
	d.Mod(d, p)
	// x^2 = (y^2-1)/(d y^2+1); y gives a point iff that is a square mod p.
	isPoint := func(y int64) bool {
		yy := new(big.Int).Mul(big.NewInt(y), big.NewInt(y))
		u := new(big.Int).Sub(yy, big.NewInt(1))
		v := new(big.Int).Add(new(big.Int).Mul(d, yy), big.NewInt(1))
		x2 := u.Mul(u, v.ModInverse(v.Mod(v, p), p))
		return big.Jacobi(x2.Mod(x2, p), p) >= 0
	}
	le := func(v *big.Int) []byte {
		b := v.FillBytes(make([]byte, 32))
		for i, j := 0, 31; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		return b
	}
	out := map[string][]byte{}
	// y = 1 is the neutral element, order 1.
	out["identity (small order)"] = le(big.NewInt(1))
	// y = -1 is the point of order 2.
	out["order-2 point"] = le(new(big.Int).Sub(p, big.NewInt(1)))
	for y := int64(2); y < 19 && (out["not on curve"] == nil || out["non-canonical y >= p"] == nil); y++ {
		if !isPoint(y) {
			if out["not on curve"] == nil {
				out["not on curve"] = le(big.NewInt(y))
			}
			continue
		}
		// y+p < 2^255 still fits the 255-bit field, so it decodes to the
		// same point as y unless the canonical check catches it.
		if out["non-canonical y >= p"] == nil {
			out["non-canonical y >= p"] = le(new(big.Int).Add(big.NewInt(y), p))
		}
	}
	if out["not on curve"] == nil || out["non-canonical y >= p"] == nil {
		t.Fatal("could not build the Ed25519 bad-point cases")
	}
	// x = 0 with the sign bit set: the point (0, 1) spelled as "negative".
	negZero := le(big.NewInt(1))
	negZero[31] |= 0x80
	out["negative zero x"] = negZero
	return out
}
