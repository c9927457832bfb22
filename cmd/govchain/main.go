// Command govchain is the whole platform in one binary: node, CLI and tools.
package main

import (
	"os"

	"github.com/pingshan/govchain/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:])) }
