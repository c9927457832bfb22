package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"
)

// readPassphrase takes a passphrase from a file, $GOVCHAIN_PASSPHRASE or the
// terminal, in that order; never from a flag, which would land in shell
// history and process listings.
func readPassphrase(file string, confirm bool) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("passphrase file: %w", err)
		}
		return checkPassphrase(strings.TrimRight(string(b), "\r\n"))
	}
	if p := os.Getenv("GOVCHAIN_PASSPHRASE"); p != "" {
		return checkPassphrase(p)
	}
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return "", errors.New("a passphrase is needed: use --passphrase-file or $GOVCHAIN_PASSPHRASE")
	}
	fmt.Fprint(os.Stderr, "passphrase: ")
	p, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	if confirm {
		fmt.Fprint(os.Stderr, "repeat passphrase: ")
		q, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return "", err
		}
		if string(p) != string(q) {
			return "", errors.New("the passphrases differ")
		}
	}
	return checkPassphrase(string(p))
}

func checkPassphrase(p string) (string, error) {
	if len([]rune(p)) < 8 {
		return "", errors.New("passphrase must be at least 8 characters")
	}
	return p, nil
}
