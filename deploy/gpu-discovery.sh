#!/usr/bin/env bash
# deploy/gpu-discovery.sh: Spark's GPU discovery script (spark.executor.resource.gpu.discoveryScript).
# Prints the GPUs this executor can see, as the ResourceInformation JSON Spark reads:
#   {"name": "gpu", "addresses": ["0", "1"]}
# The addresses are nvidia-smi's GPU indices. On Kubernetes the device plugin already limits what
# nvidia-smi sees to the GPUs given to the pod; on YARN, GPU isolation (cgroups) does the same.
# Exits non-zero with a message when nvidia-smi is missing or fails, so the executor fails to start
# with that reason instead of running on the CPU by accident.
set -euo pipefail

NVIDIA_SMI="${NVIDIA_SMI:-nvidia-smi}"
command -v "$NVIDIA_SMI" >/dev/null 2>&1 || {
  echo "gpu-discovery.sh: $NVIDIA_SMI not found: is this a GPU node with the NVIDIA driver?" >&2
  exit 1
}
indices=$("$NVIDIA_SMI" --query-gpu=index --format=csv,noheader) || {
  echo "gpu-discovery.sh: '$NVIDIA_SMI --query-gpu=index' failed" >&2
  exit 1
}

addresses=""
while IFS= read -r index; do
  index="${index//[[:space:]]/}"
  [ -n "$index" ] || continue
  case "$index" in
    *[!0-9]*) echo "gpu-discovery.sh: unexpected GPU index '$index' from $NVIDIA_SMI" >&2; exit 1 ;;
  esac
  addresses+="${addresses:+, }\"$index\""
done <<< "$indices"

printf '{"name": "gpu", "addresses": [%s]}\n' "$addresses"
