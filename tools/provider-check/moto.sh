# moto's server for the scripts that stand in for AWS (sourced from the project root): the pinned version in a
# virtualenv of the provider check's cache, and start_moto LOG [PORT], which starts it on 127.0.0.1 (on PORT, or a free
# port), sets ENDPOINT and MOTO_PID, waits until it answers, and stops it by PID however the script ends.
MOTO_VERSION=5.2.5
MOTO_VENV="${PROVIDER_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/inventory-callback-provider-check}/moto-$MOTO_VERSION"

# Installs it into MOTO_VENV unless it is there already.
install_moto() {
  if [[ ! -x "$MOTO_VENV/bin/python" ]] || ! "$MOTO_VENV/bin/python" -c "import moto, flask" 2>/dev/null; then
    printf '[moto %(%H:%M:%S)T] %s\n' -1 "moto $MOTO_VERSION: installing into $MOTO_VENV (first run only)" >&2
    python3 -m venv "$MOTO_VENV" && "$MOTO_VENV/bin/pip" install -q "moto[server]==$MOTO_VERSION" >&2
  fi
}

start_moto() {
  local port="${2:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
  ENDPOINT="http://127.0.0.1:$port"
  # MOTO_PORT: where moto's Step Functions interpreter sends its own SQS calls (http://localhost:$MOTO_PORT).
  MOTO_PORT="$port" "$MOTO_VENV/bin/python" tools/provider-check/moto_server.py "$port" > "$1" 2>&1 &
  MOTO_PID=$!
  trap 'kill $MOTO_PID 2>/dev/null; wait $MOTO_PID 2>/dev/null' EXIT
  for _ in $(seq 50); do curl -s -o /dev/null "$ENDPOINT/moto-api/" && break; sleep 0.2; done
}
