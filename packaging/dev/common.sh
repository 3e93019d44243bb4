# Shell helpers the checks and benches share (sourced by arm64-check.sh, deb-check.sh, deb-systemd.sh and bench/capture-throughput.sh).

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# Points an agent.json's status endpoint at 127.0.0.1:<port> instead of the packaged 8080 (which may be taken here).
use_http_port() {
  python3 - "$1" "$2" <<'PY'
import json, sys
path, port = sys.argv[1], sys.argv[2]
config = json.load(open(path))
config["Agent"]["Http"]["Urls"] = f"http://127.0.0.1:{port}"
json.dump(config, open(path, "w"), indent=2)
PY
}
