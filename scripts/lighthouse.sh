#!/usr/bin/env bash
# Lighthouse (npm package, pinned) against a running server, with Debian's Chromium.
# Prints the four category scores and writes the full report next to the test artefacts.
#
#   scripts/lighthouse.sh [URL]            default URL: http://127.0.0.1:8000/
#
# Measure what production serves: run the site with DEBUG off (compressed, cached static
# files) rather than runserver, e.g.
#   DEBUG=0 SECRET_KEY=$(python3 -c 'import secrets;print(secrets.token_urlsafe(50))') \
#   ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 .venv/bin/python manage.py collectstatic --noinput
#   (same env) .venv/bin/gunicorn timeline.wsgi -b 127.0.0.1:8000 -k gthread --threads 4
# Not part of CI: scores depend on the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
URL="${1:-http://127.0.0.1:8000/}"
LIGHTHOUSE_VERSION="13.5.0"
OUT_DIR="${OUT_DIR:-test-artifacts}"
mkdir -p "$OUT_DIR"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROME_PATH" ] || { echo "Chromium not found at $CHROME_PATH (apt-get install -y chromium)"; exit 1; }

npx --yes "lighthouse@${LIGHTHOUSE_VERSION}" "$URL" \
  --quiet \
  --only-categories=performance,accessibility,best-practices,seo \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync" \
  --output=json --output=html \
  --output-path="$OUT_DIR/lighthouse"

node -e '
const r = require(process.argv[1]);
for (const [id, c] of Object.entries(r.categories)) {
  console.log(`${c.title.padEnd(16)} ${Math.round(c.score * 100)}`);
}
for (const c of Object.values(r.categories)) {
  for (const ref of c.auditRefs) {
    const a = r.audits[ref.id];
    if (ref.weight > 0 && a.score !== null && a.score < 1) {
      console.log(`  - ${c.title}: ${a.title} (${Math.round(a.score * 100)})`);
    }
  }
}' "$(pwd)/$OUT_DIR/lighthouse.report.json"
