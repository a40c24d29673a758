#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) of an archive's home
# page, a note, a team and the search page with results, desktop and mobile.
#
#   bench/lighthouse.sh [ARCHIVE]     (default: the shared ipfs archive)
#
# Needs chromium (Debian's, as the browser tests use) and lighthouse from npm: the script
# installs it into target/lighthouse/ the first time (`npm install lighthouse@12`). The
# built site is served from loopback by Python's static server: no compression, so the
# performance score is the floor of what a real host gives.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${MINUTES_SHARED:-../shared}
ARCHIVE=${1:-$SHARED/corpus/real/ipfs__team-mgmt}
LH=target/lighthouse/node_modules/.bin/lighthouse
if [ ! -x "$LH" ]; then
  npm install --prefix target/lighthouse --no-audit --no-fund lighthouse@12 >/dev/null
fi
export CHROME_PATH=${CHROME_PATH:-$(command -v chromium)}

PORT=${PORT:-8931}
WORK=$(mktemp -d)
SERVER=
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

cargo build --release --quiet
target/release/minutes build "$ARCHIVE" -o "$WORK/site" --base-url "http://127.0.0.1:$PORT/" --quiet 2>/dev/null
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/site" >/dev/null 2>&1 &
SERVER=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$PORT/" >/dev/null && break
  sleep 0.1
done

# The first note and the first team in path order, and a query with results.
# (sed -n 1p reads everything: head would close the pipe early, which pipefail reports)
NOTE=$(cd "$WORK/site" && grep -l 'data-section="note"' -r --include=index.html . | sort | sed -n 1p)
TEAM=$(cd "$WORK/site" && find teams -mindepth 2 -maxdepth 2 -name index.html | sort | sed -n 1p)
QUERY=${QUERY:-pubsub}
PAGES=("" "${NOTE#./}" "$TEAM" "search/?q=$QUERY")

printf '%-8s %-60s %5s %5s %5s %5s\n' form page perf a11y bp seo
for form in desktop mobile; do
  preset=()
  if [ "$form" = desktop ]; then preset=(--preset=desktop); fi
  for page in "${PAGES[@]}"; do
    url="http://127.0.0.1:$PORT/${page%index.html}"
    "$LH" "$url" "${preset[@]}" --quiet --output=json --output-path="$WORK/report.json" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>&1 \
      || { echo "lighthouse failed on $url" >&2; continue; }
    node -e '
      const r = require(process.argv[1]);
      const s = (k) => Math.round(r.categories[k].score * 100);
      const failed = Object.values(r.audits).filter((a) => a.score !== null && a.score < 1 &&
        a.scoreDisplayMode === "binary").map((a) => a.id);
      console.log([process.argv[2].padEnd(8), process.argv[3].padEnd(60),
        ...["performance", "accessibility", "best-practices", "seo"].map((k) => String(s(k)).padStart(5))].join(" ") +
        (failed.length ? "  failed: " + failed.join(", ") : ""));
    ' "$WORK/report.json" "$form" "/${page%index.html}"
  done
done
