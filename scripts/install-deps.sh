#!/usr/bin/env bash
# Installs what gramvec needs to build and test, from Debian's packages (Debian 12).
# Pass --bench to also install the peers the benchmarks compare against. The tests use IRSTLM,
# gensim (python3-gensim, for /usr/bin/python3) and xxhsum (xxhash) as peers.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
packages=(build-essential cmake pkg-config libicu-dev libcli11-dev libfmt-dev nlohmann-json3-dev doctest-dev python3 zlib1g-dev liblzma-dev libzstd-dev libxxhash-dev xxhash xz-utils gzip zstd irstlm python3-gensim clang-14 libclang-rt-14-dev)
if [ "${1:-}" = "--bench" ]; then packages+=(fasttext time hyperfine); fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
