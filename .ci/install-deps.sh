#!/usr/bin/env bash
# Installs the Debian 12 packages surge builds and tests with (README.md lists why
# each is needed). Installs only what is missing; needs root (apt-get).
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config
          nlohmann-json3-dev libfmt-dev catch2 libcli11-dev libeigen3-dev
          libboost-math-dev libssl-dev libsimgrid-dev libbenchmark-dev libopenmpi-dev openmpi-bin
          clang libclang-rt-14-dev
          python3-pandas python3-matplotlib jupyter-nbconvert python3-ipykernel)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
