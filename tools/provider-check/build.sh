#!/usr/bin/env bash
# Finds or builds the two programs the provider check runs, and prints where they are for the caller to eval:
#   TOFU              a Terraform-compatible CLI
#   MIRROR            a filesystem mirror holding terraform-provider-aws, REGISTRY/hashicorp/aws/PROVIDER_VERSION/...
# First choice: terraform and HashiCorp's own build of terraform-provider-aws v5.100.0, the exact upstream of
# pulumi-aws 6.83.0, where the machine has them (an image's Terraform plugin directory). Otherwise (or with
# PROVIDER_CHECK_BUILD=1) both are built from the Go module proxy into a cache outside the repository, once:
#   tofu                    OpenTofu's CLI (github.com/opentofu/opentofu/cmd/tofu)
#   terraform-provider-aws  the revision the proxy serves (below), laid out as a filesystem mirror
# Prints progress on stderr.
set -euo pipefail

UPSTREAM_VERSION=5.100.0
if [[ ${PROVIDER_CHECK_BUILD:-0} != 1 ]] && command -v terraform > /dev/null; then
  official="$(find /opt /usr/local /usr/share /root/.terraform.d -xdev \
      -path "*/registry.terraform.io/hashicorp/aws/$UPSTREAM_VERSION/linux_amd64/terraform-provider-aws_v${UPSTREAM_VERSION}_x5" \
      2>/dev/null | head -1 || true)"
  if [[ -n $official ]]; then
    printf '[build %(%H:%M:%S)T] %s\n' -1 "terraform $(terraform version 2>/dev/null | head -1 | cut -d' ' -f2) and HashiCorp's terraform-provider-aws v$UPSTREAM_VERSION: $official" >&2
    printf 'TOFU=%s\nMIRROR=%s\nPROVIDER_VERSION=%s\nREGISTRY=%s\n' "$(command -v terraform)" \
        "${official%/registry.terraform.io/*}" "$UPSTREAM_VERSION" registry.terraform.io
    exit 0
  fi
fi

# The pins. OpenTofu: a release. The provider: the only terraform-provider-aws revision the module proxy these
# machines reach serves (docs/testing.md "Provider check" says why it is not the v5.100.0 that pulumi-aws 6.83.0 wraps): main
# of 2026-06-02, commit 5f2286d6d836, after release 6.47.1 (its version/VERSION). The module path carries no semver
# of its own (v5 and v6 tags are not module versions), so the proxy knows it only by this pseudo-version.
TOFU_VERSION=v1.10.6
PROVIDER_MODULE_VERSION=v1.60.1-0.20260602190131-5f2286d6d836
PROVIDER_VERSION=6.47.1   # the version the filesystem mirror offers it as

CACHE="${PROVIDER_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/inventory-callback-provider-check}"
TOFU_BIN="$CACHE/tofu-$TOFU_VERSION/tofu"
MIRROR="$CACHE/mirror-$PROVIDER_MODULE_VERSION"
PROVIDER_DIR="$MIRROR/registry.opentofu.org/hashicorp/aws/$PROVIDER_VERSION/linux_amd64"
PROVIDER_BIN="$PROVIDER_DIR/terraform-provider-aws_v$PROVIDER_VERSION"

say() { printf '[build %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
export GOFLAGS=-mod=mod GOTOOLCHAIN=local

if [[ ! -x "$TOFU_BIN" ]]; then
  say "OpenTofu $TOFU_VERSION: building (first run only)"
  mkdir -p "$(dirname "$TOFU_BIN")"
  # A wrapper module, because `go install pkg@version` cannot take OpenTofu's replace line.
  w="$CACHE/src-tofu-$TOFU_VERSION"; mkdir -p "$w"
  cat > "$w/go.mod" <<MOD
module build/tofu

go 1.24.6

// Copied from opentofu's go.mod: OpenTofu builds against its own fork of HCL; without it the build fails.
replace github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20250121132637-504036cd70e7

// Copied from opentofu's go.mod: its release builds turn off the post-quantum key exchange (some TLS peers reject
// the larger ClientHello); a wrapper module must say so itself, godebug lines are read from the main module only.
godebug tlsmlkem=0

require github.com/opentofu/opentofu $TOFU_VERSION
MOD
  printf 'package main\n' > "$w/tools.go"
  (cd "$w" && go mod download github.com/opentofu/opentofu && go get github.com/opentofu/opentofu/cmd/tofu@$TOFU_VERSION >&2 \
     && CGO_ENABLED=0 go build -trimpath -o "$TOFU_BIN.tmp" github.com/opentofu/opentofu/cmd/tofu) >&2
  mv "$TOFU_BIN.tmp" "$TOFU_BIN"
  say "OpenTofu: built $TOFU_BIN"
else
  say "OpenTofu $TOFU_VERSION: cached"
fi

if [[ ! -x "$PROVIDER_BIN" ]]; then
  say "terraform-provider-aws $PROVIDER_MODULE_VERSION: downloading modules (first run only; ~2 GB)"
  w="$CACHE/src-provider-$PROVIDER_MODULE_VERSION"; mkdir -p "$w" "$PROVIDER_DIR"
  cat > "$w/go.mod" <<MOD
module build/provider

go 1.26.3

// Copied from terraform-provider-aws's go.mod (same reason as OpenTofu's): godebug lines count only in the main module.
godebug tlsmlkem=0

require github.com/hashicorp/terraform-provider-aws $PROVIDER_MODULE_VERSION
MOD
  printf 'package main\n' > "$w/tools.go"
  (cd "$w" && go get github.com/hashicorp/terraform-provider-aws@$PROVIDER_MODULE_VERSION) >&2
  say "terraform-provider-aws: compiling (first run only; 10-30 minutes on 2 cores)"
  (cd "$w" && CGO_ENABLED=0 go build -trimpath -o "$PROVIDER_BIN.tmp" github.com/hashicorp/terraform-provider-aws) >&2
  mv "$PROVIDER_BIN.tmp" "$PROVIDER_BIN"
  say "terraform-provider-aws: built $PROVIDER_BIN"
else
  say "terraform-provider-aws: cached"
fi

# What the check needs, for the caller to read.
printf 'TOFU=%s\nMIRROR=%s\nPROVIDER_VERSION=%s\nREGISTRY=%s\n' "$TOFU_BIN" "$MIRROR" "$PROVIDER_VERSION" registry.opentofu.org
