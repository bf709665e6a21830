#!/usr/bin/env bash
# Submits analysis-jupyter.sbatch and waits until its server file appears, then prints the file's URL.
# Usage: docker/slurm/submit.sh [sbatch options...]    e.g. --partition cpu --time 2:00:00
# Exit status: 0 with the URL on stdout; sbatch's own status and error when it refuses the job (unknown
# partition, bad time limit...); 1 when the job ends or ANALYSIS_WAIT seconds (default 600) pass first,
# with the job log's last lines on stderr.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
wait_seconds=${ANALYSIS_WAIT:-600}

job=$(sbatch --parsable "$@" "$here/analysis-jupyter.sbatch")
status=$?
[ $status -eq 0 ] || exit $status   # sbatch printed its error already
job=${job%%;*}
server_file="$PWD/analysis-jupyter-$job.json"
echo "submitted job $job; waiting for $server_file" >&2

log_file() {
  scontrol show job "$job" 2>/dev/null | sed -n 's/^ *StdOut=//p' | head -1
}
show_log() {
  local log; log=$(log_file)
  [ -n "$log" ] || log="$PWD/analysis-jupyter-$job.log"
  echo "--- last lines of $log ---" >&2
  tail -n 20 "$log" >&2 2>/dev/null || echo "(no log file)" >&2
}

deadline=$((SECONDS + wait_seconds))
while [ $SECONDS -lt $deadline ]; do
  if [ -s "$server_file" ]; then
    /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$server_file"
    exit 0
  fi
  state=$(squeue -h -j "$job" -o %T 2>/dev/null)
  if [ -z "$state" ] || [[ "$state" =~ ^(FAILED|CANCELLED|TIMEOUT|COMPLETED|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED)$ ]]; then
    # Gone from the queue: the file may still have been written just before; look once more.
    [ -s "$server_file" ] && continue
    echo "job $job ended (${state:-no longer queued}) before its server file appeared" >&2
    show_log
    exit 1
  fi
  sleep 1
done
echo "job $job: no server file after ${wait_seconds}s (state ${state:-unknown}); cancelling it" >&2
scancel "$job" 2>/dev/null
show_log
exit 1
