#!/usr/bin/env bash
# Builds the Pulumi CLI, the Java language host and the AWS resource plugin (tools/pulumi/provider) from the Go module
# proxy into a cache outside the repository, once (later runs reuse them; delete the cache folder to rebuild; the plugin
# is rebuilt when its sources change), and prints where they are for the caller to eval:
#   PULUMI_BIN_DIR   a folder with `pulumi` and `pulumi-language-java`, to put first on PATH
#   PULUMI_AWS_DIR   a folder with `pulumi-resource-aws` (aws 6.83.0), to put first on PATH; empty when the machine
#                    has no terraform-provider-aws v5.100.0 (then say so and run without it)
# Prints progress on stderr. Needs Go 1.26 and about 2.5 GB of memory for the CLI's link.
set -euo pipefail

# The pins. The CLI: a release the proxy serves. The language host: the proxy serves only exact versions of
# github.com/pulumi/pulumi-java/pkg, and of those only v1.12.0, v1.16.0 and v1.17.0; the newest is used (CLI 3.277
# would download host 1.40.2, which cannot be had here; docs/testing.md says what the difference can hide).
PULUMI_VERSION=v3.277.0
JAVA_HOST_VERSION=v1.17.0

CACHE="${PULUMI_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/inventory-callback-pulumi}"
BIN="$CACHE/bin-$PULUMI_VERSION-java-$JAVA_HOST_VERSION"
say() { printf '[pulumi %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
export GOFLAGS=-mod=mod GOTOOLCHAIN=local

if [[ ! -x "$BIN/pulumi" ]]; then
  say "Pulumi CLI $PULUMI_VERSION: building (first run only; about 8 minutes on 2 cores)"
  w="$CACHE/src-cli-$PULUMI_VERSION"; mkdir -p "$w" "$BIN"
  # A wrapper module: pkg/v3's own go.mod replaces sdk/v3 with a relative path, which only works inside its
  # repository, so the wrapper requires sdk/v3 at the same version instead; its one non-relative replace is copied.
  cat > "$w/go.mod" <<MOD
module build/pulumi

go 1.25

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e

require (
	github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION
)
MOD
  printf 'package main\n' > "$w/tools.go"
  (cd "$w" && go get github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$PULUMI_VERSION >&2 \
     && CGO_ENABLED=0 go build -trimpath -o "$BIN/pulumi.tmp" \
          -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
          github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2
  mv "$BIN/pulumi.tmp" "$BIN/pulumi"
  say "Pulumi CLI: built $BIN/pulumi"
else
  say "Pulumi CLI $PULUMI_VERSION: cached"
fi

if [[ ! -x "$BIN/pulumi-language-java" ]]; then
  say "Java language host $JAVA_HOST_VERSION: building (first run only)"
  w="$CACHE/src-java-$JAVA_HOST_VERSION"; mkdir -p "$w"
  (cd "$w" && go mod download -json github.com/pulumi/pulumi-java/pkg@$JAVA_HOST_VERSION > module.json)
  src="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Dir"])' "$w/module.json")"
  # The host's go.mod has replace lines of its own, which count only in the main module: copy them.
  replaces="$(awk '/^replace /{print} /^replace \($/{inside=1; next} inside&&/^\)/{inside=0} inside{print "replace " $0}' "$src/go.mod")"
  cat > "$w/go.mod" <<MOD
module build/languagehost

go 1.25

$replaces

require github.com/pulumi/pulumi-java/pkg $JAVA_HOST_VERSION
MOD
  printf 'package main\n' > "$w/tools.go"
  (cd "$w" && go get github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java@$JAVA_HOST_VERSION >&2 \
     && CGO_ENABLED=0 go build -trimpath -o "$BIN/pulumi-language-java.tmp" \
          github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java) >&2
  mv "$BIN/pulumi-language-java.tmp" "$BIN/pulumi-language-java"
  say "Java language host: built $BIN/pulumi-language-java"
else
  say "Java language host $JAVA_HOST_VERSION: cached"
fi

# The AWS plugin: tools/pulumi/provider on pulumi-terraform-bridge, serving HashiCorp's build of terraform-provider-aws
# v5.100.0 (the upstream of pulumi-aws 6.83.0) from the machine's Terraform plugin directory; its path is built in.
TF_AWS="${TF_AWS_PROVIDER:-$(find /opt /usr/share /usr/local -xdev -name 'terraform-provider-aws_v5.100.0_x5' -type f 2>/dev/null | head -1)}"
AWS_DIR=""
if [[ -n "$TF_AWS" ]]; then
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  src="$here/provider"
  stamp="$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go "$src/names.json" | sha256sum | cut -c1-12)"
  AWS_DIR="$CACHE/aws-6.83.0-bridge-v3.120.0-$stamp"
  if [[ ! -x "$AWS_DIR/pulumi-resource-aws" ]]; then
    say "AWS plugin (pulumi-terraform-bridge v3.120.0, terraform-provider-aws v5.100.0): building (about 5 minutes and 1.2 GB the first time)"
    mkdir -p "$AWS_DIR"
    (cd "$src" && CGO_ENABLED=0 nice go build -trimpath -o "$AWS_DIR/pulumi-resource-aws.tmp" \
        -ldflags "-X main.terraformProvider=$TF_AWS" .) >&2
    mv "$AWS_DIR/pulumi-resource-aws.tmp" "$AWS_DIR/pulumi-resource-aws"
    # Builds of earlier sources (82 MB each) go once a day has passed: a run in progress may still use one.
    find "$CACHE" -maxdepth 1 -name 'aws-6.83.0-bridge-*' ! -path "$AWS_DIR" -mmin +1440 -exec rm -rf {} +
    say "AWS plugin: built $AWS_DIR/pulumi-resource-aws, serving $TF_AWS"
  else
    say "AWS plugin: cached ($AWS_DIR)"
  fi
else
  say "AWS plugin: not built, no terraform-provider-aws_v5.100.0_x5 on this machine (set TF_AWS_PROVIDER to one)"
fi

printf 'PULUMI_BIN_DIR=%s\n' "$BIN"
printf 'PULUMI_AWS_DIR=%s\n' "$AWS_DIR"
