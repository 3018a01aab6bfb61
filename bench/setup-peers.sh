#!/usr/bin/env bash
# Installs the peers that `npm run bench` measures downhill against — never part of downhill's own
# dependencies:
#   - PyTorch 1.13 from Debian (python3-torch) with Debian's OpenBLAS (libopenblas0-pthread), selected as
#     the system BLAS through update-alternatives (torch links the generic libblas.so.3);
#   - TensorFlow.js 4.x with its cpu and wasm backends, into bench/peers/node_modules from
#     bench/peers/package.json (its own package, its own lock file).
# Needs root for apt-get (or run the apt part yourself). Idempotent: run it again at will.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ "$(id -u)" -eq 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
if ! dpkg -s python3-torch libopenblas0-pthread >/dev/null 2>&1; then
  "${apt[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq python3-torch libopenblas0-pthread
fi

# Select OpenBLAS (pthread flavour) for libblas.so.3 and liblapack.so.3; auto mode picks it already, this
# makes it explicit and survives another BLAS of higher priority.
arch="$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
sel=(update-alternatives); [ "$(id -u)" -eq 0 ] || sel=(sudo update-alternatives)
for lib in blas lapack; do
  target="/usr/lib/$arch/openblas-pthread/lib$lib.so.3"
  if [ -e "$target" ]; then "${sel[@]}" --set "lib$lib.so.3-$arch" "$target"; fi
done
update-alternatives --display "libblas.so.3-$arch" | head -2

cd "$here/peers"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
/usr/bin/python3 -c 'import torch; print("torch", torch.__version__)'
node -e 'console.log("tfjs", require("@tensorflow/tfjs/package.json").version, "tfjs-backend-wasm", require("@tensorflow/tfjs-backend-wasm/package.json").version)'
