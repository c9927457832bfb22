package cryptosuite

import (
	"testing"

	"github.com/emmansun/gmsm/sm2"
)

// Verify runs once per transaction on every node, so its cost bounds
// throughput; Sign is client-side and matters less.

var benchMsg = make([]byte, 256) // about one encoded transaction

func BenchmarkVerify(b *testing.B) {
	for _, s := range allSuites(b) {
		b.Run(s.Name(), func(b *testing.B) {
			k := mustKey(b, s)
			sig, _ := k.Sign(benchMsg)
			pub, err := s.ParsePublicKey(k.Public().Bytes())
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if !pub.Verify(benchMsg, sig) {
					b.Fatal("verify failed")
				}
			}
		})
	}
}

func BenchmarkSign(b *testing.B) {
	for _, s := range allSuites(b) {
		b.Run(s.Name(), func(b *testing.B) {
			k := mustKey(b, s)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := k.Sign(benchMsg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParsePublicKey matters when a node sees a sender for the first
// time and cannot use a cached key.
func BenchmarkParsePublicKey(b *testing.B) {
	for _, s := range allSuites(b) {
		b.Run(s.Name(), func(b *testing.B) {
			raw := mustKey(b, s).Public().Bytes()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.ParsePublicKey(raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyGMZA compares our Verify (ZA kept with the parsed key)
// with gmsm's VerifyASN1WithSM2, which recomputes ZA on every call, and
// with parsing the key for every tx as a node without a key cache would.
func BenchmarkVerifyGMZA(b *testing.B) {
	k := mustKey(b, gmSuite{}).(*gmPrivateKey)
	sig, _ := k.Sign(benchMsg)
	raw := k.Public().Bytes()
	b.Run("cached-za", func(b *testing.B) {
		pub, _ := gmSuite{}.ParsePublicKey(raw)
		b.ReportAllocs()
		for b.Loop() {
			if !pub.Verify(benchMsg, sig) {
				b.Fatal("verify failed")
			}
		}
	})
	b.Run("za-per-call", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !sm2.VerifyASN1WithSM2(k.pub.pub, nil, benchMsg, sig) {
				b.Fatal("verify failed")
			}
		}
	})
	b.Run("parse-per-call", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			pub, err := gmSuite{}.ParsePublicKey(raw)
			if err != nil || !pub.Verify(benchMsg, sig) {
				b.Fatal("verify failed")
			}
		}
	})
}
