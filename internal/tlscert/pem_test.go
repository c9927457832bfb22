package tlscert

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
)

func tlsPEMLeaf(b []byte) (*x509.Certificate, error) {
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, errors.New("no PEM")
	}
	return x509.ParseCertificate(blk.Bytes)
}
