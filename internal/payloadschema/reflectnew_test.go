package payloadschema

import "reflect"

// reflectNew is a pointer to a zero value of p's type.
func reflectNew(p Payload) any { return reflect.New(p.Type).Interface() }
