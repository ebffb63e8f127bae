#!/usr/bin/env bash
# The Hugo side of the benchmark (scripts/bench.sh, BENCHMARKS.md): writes a Hugo site of PAGES
# pages into DIR, each page a title and a table of ROWS rows (30 unless given; a Markdown table,
# rendered by Hugo's Goldmark), with a minimal layout of its own: no theme, nothing fetched.
#
# OUTPUTS says what else Hugo writes besides the pages:
#   all    (the default) what `hugo` writes for such a site unless told otherwise: its RSS feeds
#          (the site's and the section's, each listing every page, as Hugo's `rssLimit` of -1
#          does) and its sitemap, from Hugo's own templates. The site has no layout for the home,
#          section and taxonomy pages, so none of those is written as HTML (Hugo warns of each;
#          --quiet hides it): a site with a theme would also write those pages, and more.
#   pages  the pages and nothing else: the home page, section lists, taxonomies, RSS, sitemap,
#          robots.txt and 404 are disabled.
# Either way `hugo -s DIR -d OUT` writes exactly PAGES .html files. Deterministic: the same
# arguments give the same bytes.
#
#     scripts/hugo-site.sh DIR PAGES [ROWS [all|pages]]
set -euo pipefail

dir=$1
pages=$2
rows=${3:-30}
outputs=${4:-all}
[ "$pages" -gt 0 ] || { echo "PAGES must be positive" >&2; exit 2; }
[ "$rows" -gt 0 ] || { echo "ROWS must be positive" >&2; exit 2; }
case $outputs in
    all) disabled= ;;
    pages) disabled='disableKinds = ["home", "section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]' ;;
    *) echo "OUTPUTS is all or pages, not $outputs" >&2; exit 2 ;;
esac

rm -rf "$dir"
mkdir -p "$dir/content/items" "$dir/layouts/_default"

cat >"$dir/config.toml" <<'EOF'
baseURL = "https://example.org/"
title = "Hugo side of the Throughline benchmark"
languageCode = "en"
disableHugoGeneratorInject = true
EOF
[ -z "$disabled" ] || printf '%s\n' "$disabled" >>"$dir/config.toml"

cat >"$dir/layouts/_default/single.html" <<'EOF'
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
</main>
</body>
</html>
EOF

# Page i (1..PAGES) is content/items/i.md; its rows are made up from i and the row number
# alone (a Park-Miller sequence seeded by i, exact in awk's doubles): nothing random, nothing
# committed.
awk -v pages="$pages" -v rows="$rows" -v dir="$dir/content/items" 'BEGIN {
    split("Backlog Ready In-progress Review Done Blocked", status, " ")
    split("Ada Grace Linus Barbara Ken Margaret Dennis Frances Alan Radia Edsger Donald", who, " ")
    split("billing search onboarding reporting mobile export audit pricing sync access", area, " ")
    split("Fix Build Migrate Refactor Document Test Ship Measure", verb, " ")
    for (i = 1; i <= pages; i++) {
        file = sprintf("%s/%05d.md", dir, i)
        printf "---\ntitle: \"Initiative %d: %s %s\"\n---\n\n", i, verb[i % 8 + 1], area[i % 10 + 1] > file
        print "| Item | Title | Status | Owner | Estimate |" > file
        print "|---|---|---|---|---:|" > file
        s = i
        for (r = 1; r <= rows; r++) {
            s = (s * 16807) % 2147483647
            printf "| IT-%d-%02d | %s the %s %s step %d | %s | %s | %d |\n", i, r,
                verb[s % 8 + 1], area[int(s / 8) % 10 + 1], (r % 2 ? "flow" : "screen"), r,
                status[int(s / 80) % 6 + 1], who[int(s / 480) % 12 + 1], int(s / 5760) % 13 + 1 > file
        }
        close(file)
    }
}'
echo "$pages $rows $outputs $(sha256sum <"$0" | cut -c1-16)" >"$dir/.pages"
