# Sourced by the tests/cli scripts (`. "$(dirname "$0")/lib.sh" "$@"`): the npusim binary ($1), the
# source tree, a scratch folder removed on exit, and the pass/fail counters with their summary line.
set -u
NPUSIM="$1"
SRC="${NPUSIM_SOURCE_DIR:?NPUSIM_SOURCE_DIR must name the repository root}"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fails=0
passes=0
pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() {  # check "<description>" <command...>
  local what="$1"; shift
  if "$@"; then pass; else fail "$what"; fi
}
summary() {  # the last line of every script: the counts, and the exit status (0 when nothing failed)
  echo "$(basename "$0" .sh): $passes passed, $fails failed"
  [ "$fails" -eq 0 ]
  exit $?
}
