package tx

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/fxamacker/cbor/v2"
)

// field describes one envelope field for error messages: clients in other
// languages know the wire numbers and names, never the Go struct.
type field struct {
	name string
	kind string // the CBOR type the field must have
}

// fieldOf describes envelope key k (docs/wire-format.md); ok is false for
// a key the envelope does not have. A switch, not a map: no package state.
func fieldOf(k int) (f field, ok bool) {
	switch k {
	case 1:
		return field{"version", "an unsigned integer (major type 0) equal to 1"}, true
	case 2:
		return field{"chain_id", "a UTF-8 text string (major type 3)"}, true
	case 3:
		return field{"signer", "a UTF-8 text string (major type 3) of 40 lower-case hex digits"}, true
	case 4:
		return field{"sequence", "an unsigned integer (major type 0)"}, true
	case 5:
		return field{"module", "a UTF-8 text string (major type 3)"}, true
	case 6:
		return field{"action", "a UTF-8 text string (major type 3)"}, true
	case 7:
		return field{"payload", "a byte string (major type 2) holding the JSON payload"}, true
	case 8:
		return field{"signature", "a byte string (major type 2)"}, true
	}
	return field{}, false
}

// FieldName is "field 7 (payload)" for key 7.
func FieldName(key int) string {
	if f, ok := fieldOf(key); ok {
		return fmt.Sprintf("field %d (%s)", key, f.name)
	}
	return fmt.Sprintf("field %d", key)
}

// describeDecodeError rewrites a CBOR decoder error in the wire format's
// terms: which field, which rule. The decoder's own text names Go types
// ("Go struct field tx.Tx.7 of type []uint8") that mean nothing to a
// client written in another language.
func describeDecodeError(err error) string {
	var (
		typ     *cbor.UnmarshalTypeError
		dup     *cbor.DupMapKeyError
		unknown *cbor.UnknownFieldError
		indef   *cbor.IndefiniteLengthError
		syntax  *cbor.SyntaxError
		extra   *cbor.ExtraneousDataError
		pairs   *cbor.MaxMapPairsError
		nested  *cbor.MaxNestedLevelError
		arr     *cbor.MaxArrayElementsError
	)
	switch {
	case errors.As(err, &typ):
		if typ.StructFieldName == "" {
			return fmt.Sprintf("the envelope must be a CBOR map (major type 5) with integer keys 1-8, got %s", article(typ.CBORType))
		}
		key, convErr := strconv.Atoi(typ.StructFieldName[strings.LastIndexByte(typ.StructFieldName, '.')+1:])
		if f, ok := fieldOf(key); ok && convErr == nil {
			return fmt.Sprintf("%s must be %s, got %s", FieldName(key), f.kind, article(typ.CBORType))
		}
		return fmt.Sprintf("a field has the wrong CBOR type %s", typ.CBORType)
	case errors.As(err, &dup):
		return fmt.Sprintf("map key %v appears twice (element %d); every key appears once", dup.Key, dup.Index)
	case errors.As(err, &unknown):
		return fmt.Sprintf("map element %d has a key that is not an envelope field; the keys are the integers 1-8", unknown.Index)
	case errors.As(err, &indef):
		return "indefinite-length items are not allowed; use definite lengths (canonical CBOR)"
	case errors.As(err, &pairs), errors.As(err, &arr), errors.As(err, &nested):
		return "the envelope is a flat map of at most 8 fields: " + strings.TrimPrefix(err.Error(), "cbor: ")
	case errors.As(err, &syntax), errors.As(err, &extra):
		return "not well-formed CBOR: " + strings.TrimPrefix(err.Error(), "cbor: ")
	}
	return "not a valid envelope: " + strings.TrimPrefix(err.Error(), "cbor: ")
}

// article turns fxamacker's "UTF-8 text string" into "a UTF-8 text string".
func article(cborType string) string {
	switch {
	case cborType == "":
		return "another type"
	case strings.ContainsAny(cborType[:1], "aeioAEIO"):
		return "an " + cborType
	}
	return "a " + cborType
}

// canonicalHint says where the submitted bytes first differ from the
// canonical encoding of the same values, so a client can find which rule
// its CBOR library broke (key order, shortest integer, text vs bytes …).
func canonicalHint(canonical, got []byte) string {
	if canonical == nil {
		return "the values cannot be re-encoded"
	}
	i := 0
	for i < len(canonical) && i < len(got) && canonical[i] == got[i] {
		i++
	}
	return fmt.Sprintf("first difference at byte %d; keys must be in ascending order 1-8, integers and lengths in their shortest form, "+
		"every field but 8 present, field 8 absent when empty (RFC 8949 section 4.2.1)", i)
}

// signatureHint explains a signature that does not verify in the terms of
// the suite, catching the two usual client mistakes: a raw r||s SM2
// signature, and signing something other than the sign bytes.
func signatureHint(pub interface{ Bytes() []byte }, t *Tx) string {
	sig := t.Signature
	switch len(pub.Bytes()) {
	case 65: // SM2
		if sig[0] != 0x30 {
			return fmt.Sprintf("is not an ASN.1 DER SEQUENCE{r, s} (%d bytes starting 0x%02x; a raw 64-byte r||s is not accepted)", len(sig), sig[0])
		}
		return fmt.Sprintf("does not verify: SM2 with SM3 over SM3(ZA || sign bytes), ZA computed with the default user id \"1234567812345678\" "+
			"and the public key of signer %s; the sign bytes are \"govchain/tx/v1\\x00\" followed by the canonical CBOR of fields 1-7", t.Signer)
	case 32: // Ed25519
		if len(sig) != 64 {
			return fmt.Sprintf("must be a 64-byte Ed25519 signature, got %d bytes", len(sig))
		}
		return fmt.Sprintf("does not verify: Ed25519 (RFC 8032, pure) over the sign bytes with the public key of signer %s; "+
			"the sign bytes are \"govchain/tx/v1\\x00\" followed by the canonical CBOR of fields 1-7", t.Signer)
	}
	return "does not verify against signer " + t.Signer
}
