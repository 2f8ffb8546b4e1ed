# What the provider check's scripts share (sourced, from the project root, after setting NAME and WORK): the CLI and
# provider (build.sh), moto in a virtualenv of the cache, the CLI's configuration, moto started on 127.0.0.1 and
# stopped when the script ends, the provider's schema, and every variant's configuration written by the program.
here=tools/provider-check
. $here/moto.sh

log() { printf '[check %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

eval "$($here/build.sh)" || { echo "$NAME: the tools did not build"; exit 1; }
install_moto || exit 1

rm -rf "$WORK"; mkdir -p "$WORK"
# The CLI takes providers from the filesystem mirror only: no registry is ever asked.
export TF_CLI_CONFIG_FILE="$WORK/tofu.rc"
cat > "$TF_CLI_CONFIG_FILE" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["$REGISTRY/hashicorp/aws"]
  }
}
RC
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

start_moto "$WORK/moto.log"
log "moto $MOTO_VERSION on $ENDPOINT"

# The provider's own schema: the names every attribute we send must match.
mkdir -p "$WORK/schema"
echo '{"terraform":{"required_providers":{"aws":{"source":"hashicorp/aws"}}}}' > "$WORK/schema/main.tf.json"
"$TOFU" -chdir="$WORK/schema" init -no-color > "$WORK/schema/init.log" 2>&1 || { cat "$WORK/schema/init.log"; exit 1; }
"$TOFU" -chdir="$WORK/schema" providers schema -json > "$WORK/schema.json" || exit 1

log "writing each variant's configuration (the program on the offline engine)"
./mvnw -q -B compile exec:java@provider-configs -Dcheck.schema="$WORK/schema.json" -Dcheck.out="$WORK" \
    -Dcheck.endpoint="$ENDPOINT" > "$WORK/configs.log" 2>&1 || { cat "$WORK/configs.log"; echo "$NAME: no configuration written"; exit 1; }

# tofu SUBCOMMAND in DIR; on failure the first lines of its error, indented, in $problem.
problem=""
tofu_in() {
  local dir=$1; shift
  if ! "$TOFU" -chdir="$dir" "$@" -no-color > "$dir/$1.log" 2>&1; then
    problem="$(basename "$TOFU") $1: $(grep -E -A7 '^(│ )?Error: ' "$dir/$1.log" | head -40 | sed 's/^/    /')"
    return 1
  fi
}

# What can be applied to moto: the configuration in FROM without what moto 5.2.5 cannot answer, written to TO.
# moto answers CloudWatch (alarms, dashboards) in the Query protocol only, and the provider's SDK speaks Smithy RPC v2
# CBOR to it: those resources are validated and planned, not applied. (Removed rather than OpenTofu's -exclude, which
# terraform lacks; nothing else refers to them.)
applicable() {
  mkdir -p "$2"
  python3 - "$1/main.tf.json" "$2/main.tf.json" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
for kind in ("aws_cloudwatch_metric_alarm", "aws_cloudwatch_dashboard"):
    config["resource"].pop(kind, None)
json.dump(config, open(sys.argv[2], "w"), indent=1)
PY
}
