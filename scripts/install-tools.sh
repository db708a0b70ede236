#!/usr/bin/env bash
# Installs the native peers JustFit runs against into .tools/bin, from the Go module proxy:
# nats-server (event bus), vcsim (VMware's vCenter simulator) and govc (its reference client); for the tests, the
# Node major the image runs (.tools/node24, from the npm registry's node-linux-<arch> package); and, from Debian,
# Chromium (PDF reports) and poppler-utils (their checks).
# Idempotent: a tool already there is kept.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${JUSTFIT_TOOLS_DIR:-$root/.tools/bin}"
mkdir -p "$bin"

need_go() {
  command -v go >/dev/null 2>&1 && return
  echo "Go is needed to install nats-server and vcsim; installing golang-go from Debian" >&2
  apt-get update -qq && apt-get install -y -qq golang-go >/dev/null
}

install_go_tool() { # name module@version
  if [ -x "$bin/$1" ]; then return; fi
  need_go
  echo "installing $1 ($2)" >&2
  GOBIN="$bin" GOFLAGS=-mod=mod go install "$2"
}

# The image runs Node 24 (Dockerfile: node:24-bookworm-slim); the tests start the compiled services on it too, beside
# this machine's Node. Only the binary is kept.
install_image_node() {
  local dir="$bin/../node24" arch tmp
  [ -x "$dir/bin/node" ] && return
  case "$(uname -s)/$(uname -m)" in
    Linux/x86_64) arch=x64 ;;
    Linux/aarch64 | Linux/arm64) arch=arm64 ;;
    *) echo "no node-linux package for $(uname -s)/$(uname -m): the compiled services are tested on this Node only" >&2; return ;;
  esac
  echo "installing Node 24 for the image checks (node-linux-$arch@24)" >&2
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack "node-linux-$arch@24" --silent >/dev/null && tar xzf node-linux-*.tgz package/bin/node)
  mkdir -p "$dir/bin" && mv "$tmp/package/bin/node" "$dir/bin/node"
  rm -rf "$tmp"
}

# PDF reports are printed by the system's Chromium (puppeteer-core drives it; no browser is downloaded), and the tests
# check the PDFs with poppler's pdfinfo, pdftotext and pdftoppm. Both come from Debian when missing.
install_report_tools() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  [ ${#missing[@]} -eq 0 ] && return
  echo "installing ${missing[*]} from Debian (PDF reports and their checks)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A recent server: 2.9.15-2.9.20 accepted two concurrent appends with the same expected sequence.
install_go_tool nats-server github.com/nats-io/nats-server/v2@v2.15.2
if [ "${JUSTFIT_SKIP_VCSIM:-}" != "1" ]; then
  # From govmomi v0.46 on, vcsim and govc are nested modules the Go module proxy does not serve;
  # v0.45.0 is the newest release that `go install` can build from the proxy.
  install_go_tool vcsim github.com/vmware/govmomi/vcsim@v0.45.0
  install_go_tool govc github.com/vmware/govmomi/govc@v0.45.0
  install_image_node
fi
if [ "${JUSTFIT_SKIP_REPORT_TOOLS:-}" != "1" ]; then install_report_tools; fi
echo "$bin"
