#!/usr/bin/env bash
# Installs everything copyintent needs from Debian 12's archive. Idempotent: when every
# package is already present it only checks and returns quickly.
set -euo pipefail

PACKAGES=(
  # LLVM / Clang 22: headers, CMake configs, tools, lit and FileCheck.
  llvm-22 llvm-22-dev llvm-22-tools libclang-22-dev clang-22 clang-tidy-22 lld-22
  libclang-rt-22-dev
  # Build.
  cmake ninja-build
  # Cross-target execution tests.
  qemu-user
  libc6-dev-arm64-cross libgcc-12-dev-arm64-cross
  libc6-dev-ppc64el-cross libgcc-12-dev-ppc64el-cross
  libc6-dev-riscv64-cross libgcc-12-dev-riscv64-cross
  # 32-bit x86 (-m32) execution tests, natively.
  gcc-multilib
  # Benchmarks and their anchors.
  libbenchmark-dev libpmem-dev libpmem2-dev
  # Benchmark report and its plot.
  python3 python3-matplotlib
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages: ${missing[*]}" >&2
  echo "setup: run this script as root (it calls apt-get)" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
