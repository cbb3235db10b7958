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
  # copyintent scan's tests: patch series applied with git am.
  git
  # Installation tests (pkg-config) and the Debian package (dpkg-shlibdeps, lintian).
  pkg-config dpkg-dev lintian
)

# From the npm registry (Debian has no SARIF validator): tools/npm/package-lock.json,
# installed outside the tree.
NPM_PREFIX=${COPYINTENT_NPM_PREFIX:-/opt/copyintent/npm}
SARIF_MULTITOOL="$NPM_PREFIX/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
here=$(cd "$(dirname "$0")/.." && pwd)

install_npm_tools() {
  if [ -x "$SARIF_MULTITOOL" ] &&
     cmp -s "$here/tools/npm/package-lock.json" "$NPM_PREFIX/package-lock.json"; then
    return
  fi
  if ! command -v npm >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "setup: npm is missing; run this script as root (it calls apt-get)" >&2
      exit 1
    fi
    apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  echo "setup: installing the SARIF Multitool into $NPM_PREFIX"
  mkdir -p "$NPM_PREFIX"
  cp "$here/tools/npm/package.json" "$here/tools/npm/package-lock.json" "$NPM_PREFIX/"
  (cd "$NPM_PREFIX" && npm ci --no-audit --no-fund --loglevel=error)
  # npm may skip the package's own chmod (install scripts need approval in npm 11).
  chmod 0755 "$SARIF_MULTITOOL"
}

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  install_npm_tools
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
install_npm_tools
echo "setup: done"
