// Command aliases builds and queries the alias table of package aliases.
//
//	go run ./cmd/aliases mine      # rebuild aliases/mined.tsv from ../shared/data
//	go run ./cmd/aliases lookup -lang id KPK "Joko Widodo"
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/aliases"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/learned"
)

const usage = `usage:
  aliases mine [-data DIR] [-min-stories N] [-out FILE]
      Read the news corpora under DIR (default ../shared/data: IndoSum for
      Indonesian, BBC and Reuters-21578 for English), find every full name
      introduced with its short form ("Komisi Pemberantasan Korupsi (KPK)"),
      and write the pairs seen in at least N stories (default 2) as the
      alias table (default aliases/mined.tsv), with the type the learned
      tagger gives the full name in those stories. A short form with two
      full names is kept only when one has at least 2/3 of its stories.
  aliases lookup [-lang id|en] NAME...
      Print the canonical name and the aliases of each NAME in the built-in
      table (mined.tsv and curated.tsv).
`

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "aliases:", err)
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return errors.New("no subcommand")
		}
		return nil
	}
	switch args[0] {
	case "mine":
		return mineCmd(args[1:], stdout, stderr)
	case "lookup":
		return lookupCmd(args[1:], stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown subcommand %q", args[0])
}

func mineCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mine", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", filepath.Join("..", "..", "..", "shared", "data"), "the shared corpora")
	minStories := fs.Int("min-stories", 2, "keep pairs introduced in at least this many stories")
	out := fs.String("out", filepath.Join("aliases", "mined.tsv"), "where to write the table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	tg, err := learned.New()
	if err != nil {
		return fmt.Errorf("mine: %w", err)
	}
	m := newMiner(func(lang, text string) []article.Entity {
		return tg.Tag(&article.Article{Language: lang, BodyText: text})
	})
	for _, c := range corpora {
		n, err := c.read(filepath.Join(*data, c.path), func(text string) { m.add(c.lang, text) })
		if err != nil {
			return fmt.Errorf("mine: reading %s: %w", c.path, err)
		}
		fmt.Fprintf(stderr, "read %d %s stories from %s\n", n, c.lang, c.path)
	}
	entries, dropped := m.entries(*minStories)
	f, err := os.Create(*out)
	if err != nil {
		return fmt.Errorf("mine: %w", err)
	}
	if err := writeTable(f, entries, *minStories); err != nil {
		f.Close()
		return fmt.Errorf("mine: writing %s: %w", *out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("mine: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %d aliases to %s (%d ambiguous short forms left out: %s)\n",
		len(entries), *out, len(dropped), strings.Join(dropped, ", "))
	return nil
}

func lookupCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lookup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "id", "the story language")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("lookup: name at least one entity")
	}
	t := aliases.Default()
	for _, name := range fs.Args() {
		canon := name
		if c, ok := t.Canonical(*lang, name); ok {
			canon = c
		}
		fmt.Fprintf(stdout, "%s\t→ %s\taliases: %s\n", name, canon, strings.Join(t.Aliases(*lang, canon), ", "))
	}
	return nil
}
