#!/usr/bin/env bash
# deploy/submit.sh: the one entry point for running an mmanet job with spark-submit.
#
#   deploy/submit.sh --cluster local|yarn|k8s [--gpu] [--profile FILE]... [--conf JOB.conf]
#                    [--set KEY=VALUE]... [--jar JAR] [--dry-run] [--] SUBCOMMAND [ARGS...]
#
# The Spark settings come from the cluster profile conf/<cluster>.conf (then conf/gpu.conf with
# --gpu, then each --profile, then the job's --conf, then --set), resolved by the shaded jar's
# io.mmanet.jobs.deploy.SubmitProfile exactly as the job itself would resolve them: the profiles
# are the one source of truth. On top of them this script adds, for driver and executors, the
# --add-opens list of conf/jvm-add-opens.txt and the mmanet log4j2 configuration
# (conf/mmanet-log4j2.properties) where each JVM finds it at start: this file for a local driver,
# --files (the container's directory) on YARN, the image's copy on Kubernetes; executors that
# start without it switch to the jar's copy when they load our jar (io.mmanet.jobs.logging).
#
# The job's resolved configuration is written to one self-contained file that goes to the driver
# (a local path in client mode, --files in cluster mode) and is passed as SUBCOMMAND ... --conf.
#
# --cluster local runs org.apache.spark.deploy.SparkSubmit: $SPARK_HOME/bin/spark-submit when
# SPARK_HOME is set, else `java -cp <the jars spark-submit provides> SparkSubmit` with the
# jars of a Spark distribution, as Maven lists them in spark-runtime/target/spark-classpath.txt.
#
# --dry-run prints the exact command (one argument per line, shell-quoted) and runs nothing.
#
# Environment: SPARK_HOME; JAVA (default java); MMANET_JAR (the shaded jar, default the one Maven
# builds in spark-jobs/target); MMANET_CACHE_DIR (javacpp native cache of local
# runs); MMANET_STAGING_DIR (where job config files are written, default ~/.cache/mmanet/submit);
# MMANET_RESOLVER_CP (classpath for resolving the profile instead of the shaded jar; tests use it).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -n "${MMANET_JAR:-}" ]; then
  BUILT_JAR="$MMANET_JAR"   # the images set it: they hold the jar, not the source tree
else
  VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -n 1)
  BUILT_JAR="$ROOT/spark-jobs/target/mmanet-spark-$VERSION.jar"
fi
PROVIDED_CP_FILE="$ROOT/spark-runtime/target/spark-classpath.txt"
LOG_CONF="$ROOT/conf/mmanet-log4j2.properties"
IMAGE_LOG_CONF="/opt/mmanet/conf/mmanet-log4j2.properties"   # deploy/Dockerfile.* copy conf/
IMAGE_JAR="local:///opt/mmanet/mmanet-spark.jar"   # where deploy/Dockerfile.* put the jar
MAIN=io.mmanet.jobs.cli.MmanetCli
JAVA="${JAVA:-java}"

die() { echo "submit.sh: $*" >&2; exit 2; }

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

cluster=""
gpu=0
dry_run=0
jar=""
job_conf=""
profiles=()
sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --cluster) [ $# -ge 2 ] || die "--cluster needs local, yarn or k8s"; cluster="$2"; shift 2 ;;
    --cluster=*) cluster="${1#*=}"; shift ;;
    --gpu) gpu=1; shift ;;
    --profile) [ $# -ge 2 ] || die "--profile needs a file"; profiles+=("$2"); shift 2 ;;
    --conf) [ $# -ge 2 ] || die "--conf needs a file"; job_conf="$2"; shift 2 ;;
    --set) [ $# -ge 2 ] || die "--set needs KEY=VALUE"; sets+=("$2"); shift 2 ;;
    --jar) [ $# -ge 2 ] || die "--jar needs a path or URI"; jar="$2"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || die "no mmanet subcommand given (e.g. -- train --role teacher); see --help"
case "$cluster" in
  local | yarn | k8s) ;;
  "") die "--cluster local|yarn|k8s is required" ;;
  *) die "--cluster $cluster: expected local, yarn or k8s" ;;
esac

# ---- resolve the layered configuration into spark-submit properties --------------------------
layers=("$ROOT/conf/$cluster.conf")
[ "$gpu" = 1 ] && layers+=("$ROOT/conf/gpu.conf")
layers+=("${profiles[@]}")
[ -n "$job_conf" ] && layers+=("$job_conf")

if [ -n "${SPARK_HOME:-}" ]; then
  spark_cp="$SPARK_HOME/jars/*"
elif [ -f "$PROVIDED_CP_FILE" ]; then
  spark_cp=$(cat "$PROVIDED_CP_FILE")
else
  spark_cp=""
fi
if [ -n "${MMANET_RESOLVER_CP:-}" ]; then
  resolver_cp="$MMANET_RESOLVER_CP"
else
  [ -f "$BUILT_JAR" ] || die "$BUILT_JAR is missing: build it with 'mvn -B -DskipTests package'"
  [ -n "$spark_cp" ] || die "no Spark jars: set SPARK_HOME or build with 'mvn -B -DskipTests package'"
  resolver_cp="$BUILT_JAR:$spark_cp"
fi

staging="${MMANET_STAGING_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mmanet/submit}"
mkdir -p "$staging"
job_file="$staging/mmanet-job-$(date -u +%Y%m%dT%H%M%SZ)-$$.conf"

resolver_args=()
for f in "${layers[@]}"; do resolver_args+=(--file "$f"); done
for s in "${sets[@]}"; do resolver_args+=(--set "$s"); done
resolved=$(SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" "$JAVA" \
  "-Dlog4j2.configurationFile=$LOG_CONF" -cp "$resolver_cp" io.mmanet.jobs.deploy.SubmitProfile \
  "${resolver_args[@]}" --job-conf-out "$job_file") || die "cannot resolve ${layers[*]}"

# ---- compose the command ---------------------------------------------------------------------
mapfile -t add_opens < <(grep -v '^[[:space:]]*\(#\|$\)' "$ROOT/conf/jvm-add-opens.txt")
[ "${#add_opens[@]}" -gt 0 ] || die "$ROOT/conf/jvm-add-opens.txt lists no JVM options"
jvm_common="${add_opens[*]}"

master=""
deploy_mode="client"
driver_memory=""
driver_opts=""
executor_opts=""
omp_threads="1"
discovery_script=""
confs=()
while IFS= read -r line; do
  [ -n "$line" ] || continue
  key="${line%%=*}"
  value="${line#*=}"
  case "$key" in
    spark.master) master="$value" ;;
    spark.submit.deployMode) deploy_mode="$value" ;;
    spark.driver.extraJavaOptions) driver_opts="$value" ;;
    spark.executor.extraJavaOptions) executor_opts="$value" ;;
    spark.executor.resource.gpu.discoveryScript) discovery_script="$value" ;;
    *)
      case "$key" in
        spark.driver.memory) driver_memory="$value" ;;
        spark.executorEnv.OMP_NUM_THREADS) omp_threads="$value" ;;
        *.podTemplateFile)
          # Read by spark-submit on this machine: relative paths are relative to the repository.
          case "$value" in /*) ;; *) value="$ROOT/$value" ;; esac ;;
      esac
      confs+=(--conf "$key=$value")
      ;;
  esac
done <<< "$resolved"
[ -n "$master" ] || die "the profile resolved no spark.master"

files=()
case "$cluster" in
  k8s) driver_log="$IMAGE_LOG_CONF"; executor_log="$IMAGE_LOG_CONF" ;;
  yarn)
    # YARN puts --files in each container's working directory before the JVM starts.
    files+=("$LOG_CONF")
    executor_log="$(basename "$LOG_CONF")"
    if [ "$deploy_mode" = cluster ]; then driver_log="$executor_log"; else driver_log="$LOG_CONF"; fi ;;
  *) driver_log="$LOG_CONF"; executor_log="$LOG_CONF" ;;
esac
app_conf="$job_file"
if [ "$deploy_mode" = cluster ]; then
  # The driver runs remotely: ship the job's config; YARN and Kubernetes (Spark >= 3.4) place
  # --files in the driver's working directory.
  files+=("$job_file")
  app_conf="$(basename "$job_file")"
fi
if [ -n "$discovery_script" ]; then
  if [ "$cluster" = yarn ]; then
    # YARN containers have no image: ship the script and run it from the container directory.
    files+=("$ROOT/deploy/gpu-discovery.sh")
    discovery_script="./gpu-discovery.sh"
  fi
  confs+=(--conf "spark.executor.resource.gpu.discoveryScript=$discovery_script")
fi

if [ -z "$jar" ]; then
  if [ "$cluster" = k8s ]; then jar="$IMAGE_JAR"; else jar="$BUILT_JAR"; fi
fi

submit_args=(--master "$master" --deploy-mode "$deploy_mode" --class "$MAIN"
  --conf "spark.driver.extraJavaOptions=$jvm_common -Dlog4j2.configurationFile=$driver_log${driver_opts:+ $driver_opts}"
  --conf "spark.executor.extraJavaOptions=$jvm_common -Dlog4j2.configurationFile=$executor_log${executor_opts:+ $executor_opts}"
  "${confs[@]}")
if [ "${#files[@]}" -gt 0 ]; then
  submit_args+=(--files "$(IFS=,; echo "${files[*]}")")
fi
submit_args+=("$jar" "$@" --conf "$app_conf")

cmd=()
if [ -n "${SPARK_HOME:-}" ]; then
  cmd=("$SPARK_HOME/bin/spark-submit" "${submit_args[@]}")
elif [ "$cluster" = local ]; then
  # What bin/spark-submit would do for a client-mode driver: this JVM is the driver, so the
  # driver's memory and Java options go on its own command line. The classpath is the jars a
  # Spark distribution ships (spark-runtime/target/spark-classpath.txt); the shaded jar is the
  # application, added by SparkSubmit itself.
  [ -n "$spark_cp" ] || die "no Spark jars: set SPARK_HOME or build with 'mvn -B -DskipTests package'"
  cache_dir="${MMANET_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mmanet}/javacpp"
  read -r -a driver_jvm <<< "$jvm_common -Dlog4j2.configurationFile=$driver_log $driver_opts"
  cmd=("$JAVA" "${driver_jvm[@]}" ${driver_memory:+"-Xmx$driver_memory"}
    "-Dorg.bytedeco.javacpp.cachedir=$cache_dir"
    -cp "$spark_cp" org.apache.spark.deploy.SparkSubmit "${submit_args[@]}")
else
  cmd=(spark-submit "${submit_args[@]}")
fi

if [ "$dry_run" = 1 ]; then
  echo "# deploy/submit.sh --cluster $cluster: job config $job_file"
  # One option per line, with its value: the command can be copied as it is.
  n=${#cmd[@]}
  out=$(printf '%q' "${cmd[0]}")
  i=1
  while [ "$i" -lt "$n" ]; do
    arg="${cmd[$i]}"
    if [ "${arg:0:2}" = "--" ] && [ $((i + 1)) -lt "$n" ] && [ "${cmd[$((i + 1))]:0:1}" != "-" ] \
      && [[ "$arg" != *=* ]]; then
      out+=$(printf ' \\\n  %q %q' "$arg" "${cmd[$((i + 1))]}")
      i=$((i + 2))
    else
      out+=$(printf ' \\\n  %q' "$arg")
      i=$((i + 1))
    fi
  done
  printf '%s\n' "$out"
  exit 0
fi

if [ "$cluster" = local ]; then
  # Local tasks run in the driver JVM: the executor environment is this process's environment.
  export OMP_NUM_THREADS="$omp_threads"
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
elif [ -z "${SPARK_HOME:-}" ] && ! command -v spark-submit >/dev/null 2>&1; then
  die "--cluster $cluster needs spark-submit: set SPARK_HOME or put it on PATH"
fi
exec "${cmd[@]}"
