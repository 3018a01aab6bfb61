#!/usr/bin/env bash
# Everything a fresh clone needs on a Debian machine with Node 20, in one step (the README's first command,
# and .ci/run's set-up):
#
#   1. the Debian packages — listed here and nowhere else: Fashion-MNIST (the real-data tests and
#      `train --dataset fashion-mnist`), ffmpeg (MP4 output), a font for text in images, a small CJK font
#      (WenQuanYi Micro Hei, 5 MB, for the lab's Simplified Chinese in headless Chromium), Chromium (the
#      browser tests, driven by playwright-core), strace (the tests that kill a training run at each of its
#      file renames), redis-server (the queue of `downhill tune --queue`; its tests start their own).
#      Installed with apt-get as root or through sudo without a password; otherwise the exact command is
#      printed and set-up goes on without them.
#   2. npm ci: the npm packages, then the build (dist/, with the WebAssembly kernels).
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(dataset-fashion-mnist ffmpeg fonts-dejavu-core fonts-wqy-microhei chromium strace redis-server)

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2> /dev/null | grep -q 'install ok installed' || missing+=("$package")
done

# apt-get as root, or through sudo when it needs no password.
apt_install() {
  echo "setup: apt-get install ${missing[*]}"
  "$@" apt-get update -qq
  "$@" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
}

if ((${#missing[@]} == 0)); then
  :
elif ! command -v apt-get > /dev/null; then
  echo "setup: no apt-get here; install the equivalents of these Debian packages: ${missing[*]}" >&2
elif [ "$(id -u)" = 0 ]; then
  apt_install
elif command -v sudo > /dev/null && sudo -n true 2> /dev/null; then
  apt_install sudo
else
  echo "setup: cannot install Debian packages without root; run: sudo apt-get install ${missing[*]}" >&2
fi

npm ci
