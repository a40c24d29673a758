#!/usr/bin/env bash
# Installs `minutes` for the machine it runs on, for the GitHub Action (action.yml) and for
# anyone who wants the prebuilt binary in a script: downloads the archive the release
# workflow (cargo-dist) attached to the release, checks it against the release's SHA-256
# file, and only then puts the binary in "$MINUTES_ROOT/bin". When the release has no
# archive for this machine, it compiles instead (the fallback).
#
# Environment:
#   MINUTES_VERSION   release to install, e.g. 0.1.0, or "latest" (default: latest)
#   MINUTES_ROOT      install root; the binary goes to $MINUTES_ROOT/bin (default: ~/.minutes)
#   MINUTES_REPOSITORY  owner/name on GitHub (default: minutes-ssg/minutes)
#   MINUTES_RELEASES  base URL of the releases (default: https://github.com/$MINUTES_REPOSITORY/releases);
#                     the tests point it at a local server
#   MINUTES_TARGET    target triple of the archive (default: detected from uname)
#   MINUTES_INSTALL_FALLBACK  command run (by bash) when no archive fits; it sees
#                     MINUTES_VERSION, MINUTES_ROOT and MINUTES_REPOSITORY
#                     (default: cargo install --locked from the release's tag)
set -euo pipefail

version="${MINUTES_VERSION:-latest}"
version="${version#v}"
root="${MINUTES_ROOT:-$HOME/.minutes}"
repository="${MINUTES_REPOSITORY:-minutes-ssg/minutes}"
releases="${MINUTES_RELEASES:-https://github.com/$repository/releases}"
export MINUTES_VERSION="$version" MINUTES_ROOT="$root" MINUTES_REPOSITORY="$repository"

say() { echo "minutes install: $*" >&2; }

fallback() {
  say "$1; compiling minutes instead"
  if [ -n "${MINUTES_INSTALL_FALLBACK:-}" ]; then
    bash -c "$MINUTES_INSTALL_FALLBACK"
  elif [ "$version" = latest ]; then
    cargo install --locked --root "$root" --git "https://github.com/$repository" minutes
  else
    cargo install --locked --root "$root" --git "https://github.com/$repository" --tag "v$version" minutes
  fi
}

# The archive names cargo-dist gives (dist-workspace.toml lists the targets).
target="${MINUTES_TARGET:-}"
if [ -z "$target" ]; then
  case "$(uname -s)/$(uname -m)" in
    Linux/x86_64) target=x86_64-unknown-linux-musl ;;
    Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
    Darwin/x86_64) target=x86_64-apple-darwin ;;
    Darwin/arm64 | Darwin/aarch64) target=aarch64-apple-darwin ;;
    MINGW*/x86_64 | MSYS*/x86_64 | CYGWIN*/x86_64) target=x86_64-pc-windows-msvc ;;
  esac
fi
if [ -z "$target" ]; then
  fallback "no prebuilt minutes for $(uname -s) $(uname -m)"
  exit
fi
case "$target" in
  *windows*) archive="minutes-$target.zip" exe=minutes.exe ;;
  *) archive="minutes-$target.tar.xz" exe=minutes ;;
esac
if [ "$version" = latest ]; then
  url="$releases/latest/download/$archive"
else
  url="$releases/download/v$version/$archive"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# HTTPS only, redirects included, except for a release server on this machine (the tests').
proto='=https'
case "$releases" in
  http://127.0.0.1:* | http://localhost:*) proto='=http' ;;
esac

# Prints the HTTP status; a connection that fails outright is an error, not a fallback.
fetch() {
  curl --proto "$proto" --proto-redir "$proto" --silent --show-error --location --retry 3 \
    --output "$2" --write-out '%{http_code}' "$1"
}

status="$(fetch "$url" "$work/$archive")" || { say "cannot download $url"; exit 1; }
if [ "$status" = 404 ]; then
  fallback "the release has no $archive ($url)"
  exit
elif [ "$status" != 200 ]; then
  say "downloading $url: HTTP $status"
  exit 1
fi
# A binary that cannot be checked is not installed: no fallback past a missing checksum.
status="$(fetch "$url.sha256" "$work/sum")" || { say "cannot download $url.sha256"; exit 1; }
if [ "$status" != 200 ]; then
  say "downloading $url.sha256: HTTP $status; refusing an archive that cannot be checked"
  exit 1
fi

# cargo-dist writes "<hex> *<name>"; only the hex matters.
want="$(tr -d '\r' <"$work/sum" | awk 'NR == 1 { print tolower($1) }')"
if command -v sha256sum >/dev/null; then
  got="$(sha256sum "$work/$archive" | awk '{ print $1 }')"
else
  got="$(shasum -a 256 "$work/$archive" | awk '{ print $1 }')"
fi
if [ -z "$want" ] || [ "$got" != "$want" ]; then
  say "checksum mismatch for $archive: expected ${want:-nothing}, got $got; nothing installed"
  exit 1
fi

mkdir "$work/x"
case "$archive" in
  *.zip) unzip -q "$work/$archive" -d "$work/x" ;;
  *) tar -xJf "$work/$archive" -C "$work/x" ;;
esac
# Unix archives hold a folder named after the archive; Windows zips hold the files at the top.
bin="$(find "$work/x" -type f -name "$exe" | head -n 1)"
if [ -z "$bin" ]; then
  say "$archive holds no $exe"
  exit 1
fi
mkdir -p "$root/bin"
install -m 755 "$bin" "$root/bin/$exe"
say "installed $("$root/bin/$exe" --version) to $root/bin"
