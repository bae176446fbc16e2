//go:build !js

// Command unibias is the native command line of unibias (see package cli);
// compiled to WebAssembly the same main package starts the page (main_js.go).
package main

import (
	"os"

	"unibias/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
