#!/usr/bin/env bash
# Fetches CRIU 4.2.1 from Debian forky into a cache and prints the path of a wrapper that runs it, after checking
# that CRIU works on this kernel with these privileges (exit 3 and a message saying why where it cannot).
#
# Why this build: bookworm's criu 3.17 fails `criu check` on kernel 6.18 ("Unexpected rt vDSO area bounds",
# checkpoint-restore/criu#2532, fixed by #2539); trixie's 4.1.1 passes the check but cannot dump a process that holds
# an Internet socket on a kernel from 6.16 on ("Can't get 1:16 opt: Operation not supported": the kernel restricted
# SO_PASSCRED and SO_PASSSEC to Unix and netlink sockets, criu#2705, fixed in 4.2). forky's 4.2.1 does both. Why not
# install it: the system's apt state stays as it is, so the packages are fetched with `apt-get download` through a
# private sources list and private package lists, unpacked with `dpkg-deb -x`, and criu runs through the unpacked
# loader with the unpacked libraries (it needs a newer glibc than bookworm's 2.36).
#
# Usage: tools/criu/fetch.sh          prints the wrapper's path as its last line (progress goes to stderr)
#        CRIU_CACHE=DIR tools/criu/fetch.sh   another cache than ~/.cache/inventory-callback-criu
set -euo pipefail

CACHE="${CRIU_CACHE:-$HOME/.cache/inventory-callback-criu}"
MIRROR="${CRIU_MIRROR:-http://deb.debian.org/debian}"
SUITE=forky
# criu and the closure of its Depends (apt-cache depends --recurse, no recommends: python3-pycriu and iproute2 are
# only for crit and network namespaces), each at the version this was tested with. criu itself is exact; forky is
# Debian's testing suite, so a library's pinned version can be replaced there: then the suite's current one is
# taken, said so, and `criu check` below decides whether it still works.
CRIU_PACKAGES=(criu=4.2.1-1 libcompel1=4.2.1-1)
LIBRARIES=(
    libc6=2.43-7 libc-gconv-modules-extra=2.43-7 libgcc-s1=16.2.0-3 gcc-16-base=16.2.0-3
    libbsd0=0.12.2-3 libmd0=1.3.0-1 libuuid1=2.42.4-1
    libnet9=1.3+dfsg-3+b2 libnl-3-200=3.12.0-2+b1 libprotobuf-c1=1.5.1-1+b2
    libnftables1=1.1.7-3 libnftnl11=1.3.2-1 libmnl0=1.0.5-3+b2 libjansson4=2.15.1-1 libxtables12=1.8.13-1
    libgnutls30t64=3.8.13-1 libgmp10=2:6.3.0+dfsg-5+b2 libhogweed6t64=3.10.2-1+b1 libnettle8t64=3.10.2-1+b1
    libidn2-0=2.3.8-5 libunistring5=1.4.2-1 libp11-kit0=0.26.5-1 libffi8=3.8.0-2 libtasn1-6=4.21.0-2+b1
)
PACKAGES=("${CRIU_PACKAGES[@]}" "${LIBRARIES[@]}")
ROOT="$CACHE/root"
WRAPPER="$CACHE/criu"
STAMP="$CACHE/packages"

say() { echo "criu: $*" >&2; }

# Where CRIU cannot run, say so here rather than let a benchmark print a figure that is not a restore: first what
# needs no download, then `criu check` on this kernel.
if [ "$(uname -m)" != x86_64 ]; then
    say "this fetches CRIU for x86_64, and this machine is $(uname -m): no snapshot can be taken here"; exit 3
fi
if [ "$(id -u)" != 0 ]; then
    say "CRIU needs root to dump and restore a process, and this runs as $(id -un): no snapshot can be taken here"
    exit 3
fi

if [ "$(cat "$STAMP" 2>/dev/null)" != "${PACKAGES[*]}" ] || [ ! -x "$WRAPPER" ]; then
    for tool in apt-get dpkg-deb; do
        command -v "$tool" > /dev/null || { say "needs $tool (a Debian or Ubuntu host)"; exit 3; }
    done
    say "fetching ${#PACKAGES[@]} packages of Debian $SUITE into $CACHE (once; later runs use the cache)"
    rm -rf "$ROOT" "$WRAPPER" "$STAMP"
    mkdir -p "$CACHE/apt/lists/partial" "$CACHE/apt/cache/archives/partial" "$CACHE/debs" "$ROOT"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR $SUITE main" > "$CACHE/apt/sources.list"
    # Every path apt reads or writes is the cache's, so the system's sources, lists and package database are untouched;
    # an empty status file makes apt treat nothing as installed.
    : > "$CACHE/apt/status"
    APT=(-o "Dir::Etc::SourceList=$CACHE/apt/sources.list" -o "Dir::Etc::SourceParts=$CACHE/apt/none"
         -o "Dir::State=$CACHE/apt" -o "Dir::State::Lists=$CACHE/apt/lists" -o "Dir::State::status=$CACHE/apt/status"
         -o "Dir::Cache=$CACHE/apt/cache" -o "APT::Architecture=amd64"
         -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false" -o "APT::Sandbox::User=root")
    say "reading $SUITE's package lists from $MIRROR"
    apt-get "${APT[@]}" -q update >&2
    say "downloading"
    cd "$CACHE/debs"
    rm -f ./*.deb
    apt-get "${APT[@]}" -q download "${CRIU_PACKAGES[@]}" >&2 || {
        say "criu ${CRIU_PACKAGES[0]#criu=} is no longer in $SUITE on $MIRROR; pick the version to test with:"
        say "  apt-cache ${APT[*]} policy criu"
        exit 3
    }
    # All at once, and one by one only where a pinned version is gone (each apt-get reads the lists again).
    apt-get "${APT[@]}" -q download "${LIBRARIES[@]}" >&2 || for library in "${LIBRARIES[@]}"; do
        if ! apt-get "${APT[@]}" -q download "$library" > /dev/null 2>&1; then
            say "${library%%=*} ${library#*=} is no longer in $SUITE: taking the suite's current one"
            apt-get "${APT[@]}" -q download "${library%%=*}" >&2
        fi
    done
    cd - > /dev/null
    for deb in "$CACHE"/debs/*.deb; do
        say "unpacking $(basename "$deb")"
        dpkg-deb -x "$deb" "$ROOT"
    done
    LIBS="$ROOT/usr/lib/x86_64-linux-gnu"
    # criu's own path is what the loader runs: the unpacked libraries only for criu, never for the programs it restores
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

if ! check=$("$WRAPPER" check 2>&1); then
    say "criu check fails on this kernel ($(uname -r)); no snapshot can be taken here:"
    echo "$check" | sed 's/^/criu:   /' >&2
    exit 3
fi
say "criu check: $(echo "$check" | tail -1)"
echo "$WRAPPER"
