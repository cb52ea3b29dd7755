// compose-config: `docker compose config` without Docker.
//
// The Docker Compose CLI plugin is not packaged for Debian bookworm and `go install` refuses its module
// (its go.mod has exclude directives), so this loads the files with compose-go — the very loader,
// schema validation and consistency checks `docker compose config` (v2.40) runs — and prints the
// resolved model. Exit status 1 with the loader's message when the model is invalid.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

type files []string

func (f *files) String() string     { return fmt.Sprint(*f) }
func (f *files) Set(v string) error { *f = append(*f, v); return nil }

func main() {
	var configs files
	flag.Var(&configs, "f", "compose file (repeatable)")
	envFile := flag.String("env-file", "", "environment file for interpolation")
	quiet := flag.Bool("q", false, "only validate, print nothing")
	flag.Parse()

	opts := []cli.ProjectOptionsFn{cli.WithOsEnv, cli.WithConsistency(true), cli.WithResolvedPaths(true)}
	if *envFile != "" {
		opts = append(opts, cli.WithEnvFiles(*envFile))
	}
	opts = append(opts, cli.WithDotEnv)
	options, err := cli.NewProjectOptions(configs, opts...)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	if *quiet {
		return
	}
	out, err := project.MarshalYAML()
	if err != nil {
		fail(err)
	}
	os.Stdout.Write(out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "compose-config:", err)
	os.Exit(1)
}
