#!/usr/bin/env bash
# Runs a fixture generator under PyTorch 2.x: Debian sid's python3-torch in a chroot made by debootstrap,
# with this checkout bind-mounted at its own path for the run and this machine's node (the generators ask
# `downhill list --json` for names). Needs root; the chroot is made once, at $TORCH2_ROOT.
#
#   scripts/torch2.sh test/fixtures/optim/generate.py        writes test/fixtures/optim/trajectories.torch2.json
set -euo pipefail
root=${TORCH2_ROOT:-/var/tmp/downhill-torch2}
repo=$(cd "$(dirname "$0")/.." && pwd)
if ! { [ -x "$root/usr/bin/python3" ] && chroot "$root" python3 -c 'import torch' 2>/dev/null; }; then
  command -v debootstrap >/dev/null || apt-get install -y debootstrap
  debootstrap --variant=minbase --include=python3-torch,python3-numpy sid "$root" http://deb.debian.org/debian
fi
install -D "$(command -v node)" "$root/usr/local/bin/node"
mkdir -p "$root$repo" "$root/proc"
# The mounts last for this run only, so that nothing under the chroot leads back into the checkout after it.
mounted=()
cleanup() { for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}"; done; }
trap cleanup EXIT
mountpoint -q "$root$repo" || { mount --bind "$repo" "$root$repo" && mounted+=("$root$repo"); }
mountpoint -q "$root/proc" || { mount -t proc proc "$root/proc" && mounted+=("$root/proc"); }
chroot "$root" sh -c 'cd "$1" && shift && exec python3 "$@"' sh "$repo" "$@"
