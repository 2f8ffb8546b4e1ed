#!/usr/bin/env bash
# Fetches CRIU 4.1.1 from Debian trixie into a cache and prints the path of a wrapper that runs it, after checking
# that CRIU works on this kernel with these privileges (exit 3 and a message saying why where it cannot).
#
# Why trixie's build: bookworm's criu 3.17 fails `criu check` on kernel 6.18 ("Unexpected rt vDSO area bounds",
# checkpoint-restore/criu#2532, fixed in 4.x by #2539). Why not install it: the system's apt state stays as it is
# (bookworm), so the packages are fetched with `apt-get download` through a private sources list and private package
# lists, unpacked with `dpkg-deb -x`, and criu runs through trixie's own loader with trixie's libraries (it needs
# glibc 2.38, bookworm has 2.36).
#
# Usage: tools/criu/fetch.sh          prints the wrapper's path as its last line (progress goes to stderr)
#        CRIU_CACHE=DIR tools/criu/fetch.sh   another cache than ~/.cache/inventory-callback-criu
set -euo pipefail

CACHE="${CRIU_CACHE:-$HOME/.cache/inventory-callback-criu}"
MIRROR="${CRIU_MIRROR:-http://deb.debian.org/debian}"
# criu and the closure of its Depends in trixie (apt-cache depends --recurse, no recommends: python3-pycriu and
# iproute2 are only for crit and network namespaces), each at the version this was tested with.
PACKAGES=(
    criu=4.1.1-1 libcompel1=4.1.1-1
    libc6=2.41-12+deb13u5 libgcc-s1=14.2.0-19 gcc-14-base=14.2.0-19
    libbsd0=0.12.2-2 libmd0=1.1.0-2+b1 libuuid1=2.41.5-0+deb13u1
    libnet1=1.3+dfsg-2 libnl-3-200=3.7.0-2 libprotobuf-c1=1.5.1-1
    libnftables1=1.1.3-1 libnftnl11=1.2.9-1 libmnl0=1.0.5-3 libjansson4=2.14-2+b3 libxtables12=1.8.11-2
    libgnutls30t64=3.8.9-3+deb13u4 libgmp10=2:6.3.0+dfsg-3 libhogweed6t64=3.10.1-1 libnettle8t64=3.10.1-1
    libidn2-0=2.3.8-2 libunistring5=1.3-2 libp11-kit0=0.25.5-3 libffi8=3.4.8-2 libtasn1-6=4.20.0-2+deb13u1
)
ROOT="$CACHE/root"
WRAPPER="$CACHE/criu"
STAMP="$CACHE/packages"

say() { echo "criu: $*" >&2; }

if [ "$(cat "$STAMP" 2>/dev/null)" != "${PACKAGES[*]}" ] || [ ! -x "$WRAPPER" ]; then
    for tool in apt-get dpkg-deb; do
        command -v "$tool" > /dev/null || { say "needs $tool (a Debian or Ubuntu host)"; exit 3; }
    done
    say "fetching ${#PACKAGES[@]} packages of Debian trixie into $CACHE (once; later runs use the cache)"
    rm -rf "$ROOT" "$WRAPPER" "$STAMP"
    mkdir -p "$CACHE/apt/lists/partial" "$CACHE/apt/cache/archives/partial" "$CACHE/debs" "$ROOT"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR trixie main" > "$CACHE/apt/sources.list"
    # Every path apt reads or writes is the cache's, so the system's sources, lists and package database are untouched;
    # an empty status file makes apt treat nothing as installed.
    : > "$CACHE/apt/status"
    APT=(-o "Dir::Etc::SourceList=$CACHE/apt/sources.list" -o "Dir::Etc::SourceParts=$CACHE/apt/none"
         -o "Dir::State=$CACHE/apt" -o "Dir::State::Lists=$CACHE/apt/lists" -o "Dir::State::status=$CACHE/apt/status"
         -o "Dir::Cache=$CACHE/apt/cache" -o "APT::Architecture=amd64"
         -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false" -o "APT::Sandbox::User=root")
    say "reading trixie's package lists from $MIRROR"
    apt-get "${APT[@]}" -q update >&2
    say "downloading"
    if ! (cd "$CACHE/debs" && apt-get "${APT[@]}" -q download "${PACKAGES[@]}" >&2); then
        say "a pinned version is no longer on $MIRROR (Debian replaces point-release versions);"
        say "see the candidates with: apt-cache ${APT[*]} policy PACKAGE, and update PACKAGES in $0"
        exit 3
    fi
    for deb in "$CACHE"/debs/*.deb; do
        say "unpacking $(basename "$deb")"
        dpkg-deb -x "$deb" "$ROOT"
    done
    LIBS="$ROOT/usr/lib/x86_64-linux-gnu"
    # criu's own path is what the loader runs: trixie's libraries only for criu, never for the programs it restores
    # (those are rebuilt from the image, not executed).
    cat > "$WRAPPER" <<EOF
#!/bin/sh
exec "$LIBS/ld-linux-x86-64.so.2" --library-path "$LIBS" "$ROOT/usr/sbin/criu" "\$@"
EOF
    chmod +x "$WRAPPER"
    echo "${PACKAGES[*]}" > "$STAMP"
    say "unpacked; criu $("$WRAPPER" --version | awk '/Version/{print $2}')"
else
    say "cached in $CACHE"
fi

# Where CRIU cannot run, say so here rather than let a benchmark print a figure that is not a restore.
if [ "$(uname -m)" != x86_64 ]; then
    say "CRIU fetched for x86_64, this machine is $(uname -m)"; exit 3
fi
if [ "$(id -u)" != 0 ]; then
    say "CRIU needs root (or CAP_CHECKPOINT_RESTORE and CAP_SYS_ADMIN) to dump and restore a process; running as $(id -un)"
    exit 3
fi
if ! check=$("$WRAPPER" check 2>&1); then
    say "criu check fails on this kernel ($(uname -r)); no snapshot can be taken here:"
    echo "$check" | sed 's/^/criu:   /' >&2
    exit 3
fi
say "criu check: $(echo "$check" | tail -1)"
echo "$WRAPPER"
