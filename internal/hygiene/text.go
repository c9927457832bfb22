package hygiene

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Reasons a text is refused. Wrapped in a *RuneError naming the character.
var (
	ErrBidiControl = errors.New("contains a bidi control")
	ErrControlChar = errors.New("contains the control character")
	ErrInvalidUTF8 = errors.New("is not valid UTF-8")
)

// RuneError names the character that made a text unacceptable.
type RuneError struct {
	Reason error // ErrBidiControl, ErrControlChar or ErrInvalidUTF8
	Rune   rune
	Offset int // byte offset in the text; -1 when not known
}

func (e *RuneError) Error() string {
	if e.Reason == ErrInvalidUTF8 && e.Offset >= 0 {
		return fmt.Sprintf("%v at byte %d", e.Reason, e.Offset)
	}
	return fmt.Sprintf("%v U+%04X", e.Reason, e.Rune)
}

func (e *RuneError) Unwrap() error { return e.Reason }

// IsBidiControl reports the characters that reorder how text around them is
// displayed without being visible themselves: the embeddings, overrides
// and isolates (U+202A–U+202E, U+2066–U+2069) and the implicit marks
// (U+200E, U+200F, U+061C). A subject written backwards behind U+202E shows
// "Official reply from City HALL" while saying something else; Chinese and
// English text never need them.
func IsBidiControl(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}

// IsRefusedControl reports control characters no text field may hold: C0
// controls other than tab and line feed (NUL cuts strings short in C
// tools and logs; ESC drives terminals), DEL, and the C1 controls. A
// carriage return is refused here too; CheckText admits it only as part of
// CR LF, which browsers send for every line break in a textarea.
func IsRefusedControl(r rune) bool {
	switch {
	case r == '\t', r == '\n':
		return false
	case r < 0x20, r == 0x7F, r >= 0x80 && r <= 0x9F:
		return true
	}
	return false
}

// CheckText refuses invalid UTF-8, bidi controls and refused control
// characters. Tab, line feed and CR LF pass: multi-line text (opinions,
// replies, document bodies) is legal in many fields, and a field that must
// be one line says so in its own Validate.
func CheckText(s string) error {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return &RuneError{Reason: ErrInvalidUTF8, Rune: r, Offset: i}
		case IsBidiControl(r):
			return &RuneError{Reason: ErrBidiControl, Rune: r, Offset: i}
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
			// CR LF: a line break as browsers send it.
		case IsRefusedControl(r):
			return &RuneError{Reason: ErrControlChar, Rune: r, Offset: i}
		}
		i += size
	}
	return nil
}
