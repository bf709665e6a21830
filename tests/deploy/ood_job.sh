#!/bin/bash
# The part of Open OnDemand's batch-connect "basic" job script the app relies on, for the tests: the helpers
# (find_port, create_passwd), before.sh sourced, script.sh started, connection.yml written once the port is in use.
# Run by sbatch from the staged folder holding the rendered before.sh and script.sh.
set -u
cd "${SLURM_SUBMIT_DIR:-$PWD}"
host=${OOD_TEST_HOST:-$(hostname)}
find_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'; }
create_passwd() { tr -dc 'a-zA-Z0-9' < /dev/urandom 2>/dev/null | head -c "${1:-8}"; }
port_used() { /usr/bin/python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('$1', $2)))"; }
source ./before.sh
./script.sh &
script=$!
trap 'kill $script 2>/dev/null; wait $script; exit 143' TERM
for _ in $(seq 1 600); do
  kill -0 $script 2>/dev/null || { echo "script.sh exited early" >&2; exit 1; }
  port_used "$host" "$port" && break
  sleep 0.5
done
printf 'host: %s\nport: %s\npassword: %s\n' "$host" "$port" "$password" > connection.yml.tmp
mv connection.yml.tmp connection.yml
wait $script
