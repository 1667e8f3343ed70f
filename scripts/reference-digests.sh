#!/bin/sh
# The reference output digests from the outputs of another commit (default: main), in a clean export of it beside
# this tree: its own build, this tree's digest helpers. Writes test/integration/output-digests.json.
#   sh scripts/reference-digests.sh [commit]
set -e
commit=${1:-main}
here=$(pwd)
ref=$(mktemp -d /tmp/aa-reference-XXXXXX)
git archive "$commit" | tar -x -C "$ref"
ln -s "$here/node_modules" "$ref/node_modules"
cp test/helpers/output-digest.ts test/helpers/output-digest-orgs.ts "$ref/test/helpers/"
mkdir -p "$ref/test/integration" && cp scripts/output-digests.ts "$ref/scripts/"
(cd "$ref" && npm run build >/dev/null && node --import tsx scripts/output-digests.ts --write >/dev/null)
cp "$ref/test/integration/output-digests.json" test/integration/output-digests.json
echo "reference digests of $(git rev-parse --short "$commit") written to test/integration/output-digests.json"
rm -rf "$ref"
