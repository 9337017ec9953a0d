#!/usr/bin/env bash
# Installs the Debian 12 packages npusim needs, only those missing. Idempotent; quiet when all are there.
set -euo pipefail
PKGS=(g++ cmake make pkg-config libsystemc-dev libboost-program-options-dev libyaml-cpp-dev
      libgtest-dev nlohmann-json3-dev python3 python3-matplotlib python3-numpy)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "npusim: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
