#!/usr/bin/env bash
# Local Apache Kafka (KRaft, single node), OpenSearch (single node) and Zipkin (trace store, in memory) for
# development and tests. All are real servers fetched by Maven from Maven Central into the git-ignored
# .engines/ folder.
#
#   engines.sh fetch  [kafka|opensearch|zipkin]   download once (idempotent)
#   engines.sh up     [kafka|opensearch|zipkin]   fetch if needed, start in background, wait until healthy
#   engines.sh down   [kafka|opensearch|zipkin]   SIGTERM, wait, SIGKILL after ENGINES_STOP_TIMEOUT
#   engines.sh status [kafka|opensearch|zipkin]   pid, health, RSS, ports, log paths (exit 1 if one is down)
#   engines.sh kill9  kafka|opensearch     SIGKILL (fault tests)
#   engines.sh reset  [kafka|opensearch]   down + delete data
#   engines.sh logs   kafka|opensearch     tail -f the server log
#   engines.sh kafka-tool <tool|main-class> [args...]
#        tools: topics, console-producer, console-consumer, consumer-groups, metadata-quorum,
#               api-versions, storage (or any fully qualified main class from the Kafka jars)
#
# See scripts/engines/README.md for ports, environment overrides and troubleshooting.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
ENGINES_DIR="${ENGINES_DIR:-$ROOT_DIR/.engines}"
mkdir -p "$ENGINES_DIR"
ENGINES_DIR="$(cd "$ENGINES_DIR" && pwd)"
# Binaries stay in ENGINES_DIR; a second instance (fault tests kill theirs) keeps its own data, logs, pid
# files and generated config in ENGINES_STATE_DIR, on its own ports.
STATE_DIR="${ENGINES_STATE_DIR:-$ENGINES_DIR}"
mkdir -p "$STATE_DIR"
STATE_DIR="$(cd "$STATE_DIR" && pwd)"
DATA_DIR="$STATE_DIR/data"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"

KAFKA_POM="$SCRIPT_DIR/kafka-pom.xml"
OPENSEARCH_POM="$SCRIPT_DIR/opensearch-pom.xml"
pom_prop() { sed -n "s:.*<$2>\(.*\)</$2>.*:\1:p" "$1" | head -n1; }
KAFKA_VERSION="${KAFKA_VERSION:-$(pom_prop "$KAFKA_POM" kafka.version)}"
OPENSEARCH_VERSION="${OPENSEARCH_VERSION:-$(pom_prop "$OPENSEARCH_POM" opensearch.version)}"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
OPENSEARCH_PORT="${OPENSEARCH_PORT:-9200}"
OPENSEARCH_TRANSPORT_PORT="${OPENSEARCH_TRANSPORT_PORT:-9300-9399}"
OPENSEARCH_HEAP="${OPENSEARCH_HEAP:-512m}"
ZIPKIN_VERSION="${ZIPKIN_VERSION:-3.5.1}"
ZIPKIN_PORT="${ZIPKIN_PORT:-9411}"
ZIPKIN_HEAP="${ZIPKIN_HEAP:-384m}"
# Spans kept in memory; the oldest traces are dropped beyond this. 200,000 did not fit the heap during a full
# suite (OutOfMemoryError, spans refused); tests only read traces they have just made.
ZIPKIN_MAX_SPANS="${ZIPKIN_MAX_SPANS:-50000}"
START_TIMEOUT="${ENGINES_START_TIMEOUT:-120}"
STOP_TIMEOUT="${ENGINES_STOP_TIMEOUT:-30}"
MVN="${MVN:-mvn}"
MVN_ARGS="${MVN_ARGS:-}"

KAFKA_HOME="$ENGINES_DIR/kafka/$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_CONF="$STATE_DIR/kafka/config"
KAFKA_DATA="$DATA_DIR/kafka"
KAFKA_LOGS="$LOG_DIR/kafka"
OS_HOME="$ENGINES_DIR/opensearch/opensearch-$OPENSEARCH_VERSION"
OS_CONF="$STATE_DIR/opensearch/config"
OS_DATA="$DATA_DIR/opensearch"
OS_LOGS="$LOG_DIR/opensearch"
OS_CLUSTER="tvstream-dev"
ZIPKIN_JAR="$ENGINES_DIR/zipkin/$ZIPKIN_VERSION/zipkin-server-$ZIPKIN_VERSION-exec.jar"

log() { printf '[engines] %s\n' "$*"; }
err() { printf '[engines] ERROR: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Java
# ---------------------------------------------------------------------------------------------
java_major() { # $1 = java binary
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = \([0-9.]*\).*/\1/p' | sed 's/^1\.//; s/\..*//'
}
default_java_home() {
  local j
  j="$(command -v java || true)"
  [[ -n "$j" ]] || die "no 'java' on PATH (Java 17 is needed)"
  dirname "$(dirname "$(readlink -f "$j")")"
}
# $1 engine, $2 java home, $3 min major, $4 max major
check_java() {
  local bin="$2/bin/java" major
  [[ -x "$bin" ]] || die "$1: no java at $bin"
  major="$(java_major "$bin")"
  [[ -n "$major" ]] || die "$1: cannot tell the version of $bin"
  if (( major < $3 || major > $4 )); then
    die "$1 needs Java $3..$4 but $bin is Java $major (set ${1^^}_JAVA_HOME)"
  fi
}
KAFKA_JAVA_HOME="${KAFKA_JAVA_HOME:-$(default_java_home)}"
# OpenSearch 2.19 runs on Java 11..21 (it needs the security manager, removed from Java 24).
OPENSEARCH_JAVA_HOME="${OPENSEARCH_JAVA_HOME:-$(default_java_home)}"
# Zipkin 3 needs Java 17 or newer.
ZIPKIN_JAVA_HOME="${ZIPKIN_JAVA_HOME:-$(default_java_home)}"

# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
first_port() { printf '%s' "${1%%-*}"; }
pid_file() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }
# does a command line belong to the engine? (the java process, or for OpenSearch also the launcher
# chain setpriv/env/bin/opensearch that execs into it during the first seconds)
cmd_is_engine() { # $1 engine, $2 command line
  [[ "$2" == *"$ENGINES_DIR"* ]] || return 1
  case "$1" in
    kafka) [[ "$2" == *" kafka.Kafka "* ]] ;;
    opensearch) [[ "$2" == *org.opensearch.bootstrap.OpenSearch* || "$2" == *"$OS_HOME/bin/opensearch"* ]] ;;
    zipkin) [[ "$2" == *"$ZIPKIN_JAR"* ]] ;;
  esac
}
# prints the pid if the engine started by this script is alive
engine_pid() {
  local f pid
  f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  # guard against pid reuse: it must be our engine, from this ENGINES_DIR
  local cmd
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  cmd_is_engine "$1" "$cmd" || return 1
  local state
  state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null || true)"
  [[ "$state" != "Z" ]] || return 1
  printf '%s' "$pid"
}
rss_mb() { awk '/^VmRSS:/ { printf "%d", $2/1024 }' "/proc/$1/status" 2>/dev/null || true; }
with_lock() { # $1 engine, rest = command; serialises concurrent up/down of the same engine
  local name="$1"; shift
  mkdir -p "$RUN_DIR"
  if command -v flock >/dev/null 2>&1; then
    (
      flock -w 600 9 || die "could not lock $RUN_DIR/$name.lock"
      "$@"
    ) 9>"$RUN_DIR/$name.lock"
  else
    "$@"
  fi
}
engines_from_arg() {
  case "${1:-all}" in
    all | "") printf 'kafka opensearch zipkin' ;;
    kafka | opensearch | zipkin) printf '%s' "$1" ;;
    *) die "unknown engine '$1' (kafka|opensearch|zipkin)" ;;
  esac
}
log_files() {
  case "$1" in
    kafka) printf '%s\n' "$KAFKA_LOGS/server.log" "$LOG_DIR/kafka.out" ;;
    opensearch) printf '%s\n' "$OS_LOGS/$OS_CLUSTER.log" "$LOG_DIR/opensearch.out" ;;
    zipkin) printf '%s\n' "$LOG_DIR/zipkin.out" ;;
  esac
}
show_log_tail() {
  local f
  while read -r f; do
    if [[ -s "$f" ]]; then
      printf -- '----- last 40 lines of %s -----\n' "$f" >&2
      tail -n 40 "$f" >&2
    fi
  done < <(log_files "$1")
}

exit_file() { printf '%s/%s.exit' "$RUN_DIR" "$1"; }
# Starts an engine in the background and writes its pid file. The engine gets a session of its own (signals
# to the caller's process group, Ctrl-C or a CI job's teardown, do not reach it), SIGHUP ignored, stdin from
# /dev/null, its stdout and stderr in $2, and not the lock's descriptor (or the next `up` would wait for the
# lock forever). A small watcher shell stays its parent: once this script returns, the engine is nobody's
# child, and an engine that died during start-up (a JVM killed by a signal prints nothing) would leave no
# trace of how; the watcher appends its exit status to $2 and to run/<engine>.exit, and removes the pid file.
# The commands given exec into the engine, so the pid is the engine's own.
spawn_engine() { # $1 engine, $2 output file, rest = command
  local name="$1" out="$2" pidf exitf
  shift 2
  pidf="$(pid_file "$name")"
  exitf="$(exit_file "$name")"
  rm -f "$pidf" "$exitf"
  # shellcheck disable=SC2016 # expanded by the watcher
  nohup setsid bash -c '
    name=$1 pidf=$2 exitf=$3
    shift 3
    "$@" &
    pid=$!
    echo "$pid" >"$pidf.new" && mv -f "$pidf.new" "$pidf"
    wait "$pid"
    status=$?
    how="exit status $status"
    if ((status > 128)); then how="killed by SIG$(kill -l $((status - 128)))"; fi
    echo "$how" >"$exitf"
    # a pid file left behind could name an unrelated process once the pid is reused
    if [[ "$(cat "$pidf" 2>/dev/null)" == "$pid" ]]; then rm -f "$pidf"; fi
    printf "[engines] %s (pid %s) exited at %s: %s\n" "$name" "$pid" "$(date -u +%FT%TZ)" "$how"
  ' engine-watcher "$name" "$pidf" "$exitf" "$@" >"$out" 2>&1 </dev/null 9>&- &
  local start=$SECONDS
  until [[ -s "$pidf" ]]; do
    ((SECONDS - start < 30)) || die "$name: its watcher wrote no pid within 30 s"
    sleep 0.1
  done
}
# How an engine that is gone ended, as its watcher recorded it (waits briefly: the watcher writes it once it
# has reaped the engine).
exit_status() {
  local f n=0
  f="$(exit_file "$1")"
  while [[ ! -s "$f" ]] && ((n++ < 50)); do sleep 0.1; done
  cat "$f" 2>/dev/null || printf 'exit status unknown'
}

# ---------------------------------------------------------------------------------------------
# fetch
# ---------------------------------------------------------------------------------------------
run_mvn() { # $1 log name, rest = mvn args
  local name="$1"; shift
  command -v "$MVN" >/dev/null 2>&1 || die "'$MVN' not found (Maven is needed to fetch the engines)"
  mkdir -p "$LOG_DIR"
  # shellcheck disable=SC2086
  if ! "$MVN" -q -B -Dstyle.color=never $MVN_ARGS "$@" -Dengines.dir="$ENGINES_DIR" >"$LOG_DIR/fetch-$name.log" 2>&1; then
    tail -n 40 "$LOG_DIR/fetch-$name.log" >&2
    die "fetching $name failed (full output: $LOG_DIR/fetch-$name.log)"
  fi
}

fetch_kafka() {
  if [[ -f "$KAFKA_HOME/.fetched" ]]; then
    log "kafka $KAFKA_VERSION already fetched ($KAFKA_LIBS)"
    return 0
  fi
  log "fetching kafka $KAFKA_VERSION from Maven Central ..."
  rm -rf "$KAFKA_LIBS"
  run_mvn kafka -f "$KAFKA_POM" dependency:copy-dependencies -Dkafka.version="$KAFKA_VERSION"
  ls "$KAFKA_LIBS"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 || die "kafka jars missing in $KAFKA_LIBS after fetch"
  printf '%s\n' "$KAFKA_VERSION" >"$KAFKA_HOME/.fetched"
  log "kafka $KAFKA_VERSION fetched into $KAFKA_LIBS ($(du -sh "$KAFKA_LIBS" | cut -f1))"
}

# The integ-test-zip ships only the transport-netty4 module. The other modules are published as
# plain jars, so their plugin descriptors are written here (values from OpenSearch's build files).
# name|classname|extended.plugins|description
OS_MODULES=(
  "analysis-common|org.opensearch.analysis.common.CommonAnalysisPlugin|lang-painless|Adds \"built in\" analyzers to OpenSearch."
  "mapper-extras|org.opensearch.index.mapper.MapperExtrasPlugin||Adds advanced field mappers"
  "lang-painless|org.opensearch.painless.PainlessPlugin||An easy, safe and fast scripting language for OpenSearch"
  "reindex|org.opensearch.index.reindex.ReindexPlugin||The Reindex module adds APIs to reindex from one index to another or update documents in place."
)
write_os_modules() {
  local spec name cls ext desc dir
  for spec in "${OS_MODULES[@]}"; do
    IFS='|' read -r name cls ext desc <<<"$spec"
    dir="$OS_HOME/modules/$name"
    [[ -d "$dir" ]] || die "module folder $dir missing after fetch"
    cat >"$dir/plugin-descriptor.properties" <<EOF
# written by scripts/engines/engines.sh (the module was fetched as a jar from Maven Central)
description=$desc
version=$OPENSEARCH_VERSION
name=$name
classname=$cls
java.version=11
opensearch.version=$OPENSEARCH_VERSION
custom.foldername=
extended.plugins=$ext
has.native.controller=false
EOF
  done
  # the security policies these modules ship with (OpenSearch runs under the Java security manager)
  cat >"$OS_HOME/modules/lang-painless/plugin-security.policy" <<'EOF'
grant {
  // needed to generate runtime classes
  permission java.lang.RuntimePermission "createClassLoader";
  // needed to find the classloader to load whitelisted classes from
  permission java.lang.RuntimePermission "getClassLoader";
};
EOF
  cat >"$OS_HOME/modules/reindex/plugin-security.policy" <<'EOF'
grant {
  // reindex opens socket connections using the rest client
  permission java.net.SocketPermission "*", "connect";
};
grant codeBase "${codebase.opensearch-rest-client}" {
  permission java.net.NetPermission "getProxySelector";
};
grant codeBase "${codebase.httpasyncclient}" {
  permission java.net.NetPermission "getProxySelector";
};
EOF
}

fetch_opensearch() {
  if [[ -f "$OS_HOME/.fetched" ]]; then
    log "opensearch $OPENSEARCH_VERSION already fetched ($OS_HOME)"
    return 0
  fi
  log "fetching opensearch $OPENSEARCH_VERSION from Maven Central ..."
  rm -rf "$OS_HOME"
  run_mvn opensearch -f "$OPENSEARCH_POM" dependency:unpack@dist dependency:copy@modules \
    -Dopensearch.version="$OPENSEARCH_VERSION"
  [[ -x "$OS_HOME/bin/opensearch" ]] || die "opensearch distribution missing in $OS_HOME after fetch"
  write_os_modules
  printf '%s\n' "$OPENSEARCH_VERSION" >"$OS_HOME/.fetched"
  log "opensearch $OPENSEARCH_VERSION fetched into $OS_HOME ($(du -sh "$OS_HOME" | cut -f1))"
}

# ---------------------------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------------------------
write_kafka_config() {
  mkdir -p "$KAFKA_CONF" "$KAFKA_DATA" "$KAFKA_LOGS"
  cat >"$KAFKA_CONF/server.properties" <<EOF
# generated by scripts/engines/engines.sh on every start: edit the script, not this file
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA
num.network.threads=2
num.io.threads=4
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0
# after a crash (kill9) the restarted node is refused registration until the old broker session
# expires (DuplicateBrokerRegistrationException): a shorter session than the 9 s default makes
# fault tests restart faster
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=5000
log.retention.hours=168
log.retention.check.interval.ms=300000
EOF
  cat >"$KAFKA_CONF/log4j2.properties" <<EOF
# generated by scripts/engines/engines.sh
status = warn
name = kafka-broker
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = $KAFKA_LOGS/server.log
appender.file.filePattern = $KAFKA_LOGS/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 50MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = WARN
EOF
  cat >"$KAFKA_CONF/tools-log4j2.properties" <<'EOF'
# generated by scripts/engines/engines.sh: command-line tools log warnings to stderr
status = warn
name = kafka-tools
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = stderr
EOF
}

kafka_java() { # runs a main class from the Kafka jars in the foreground (tools)
  "$KAFKA_JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_CONF/tools-log4j2.properties" \
    -cp "$KAFKA_LIBS/*" "$@"
}

kafka_format_if_needed() {
  if [[ -f "$KAFKA_DATA/meta.properties" ]]; then
    return 0
  fi
  local cluster_id
  # a Kafka Uuid: 16 random bytes, URL-safe base64 without padding
  # A random id may start with "-"; passing it as --cluster-id=... keeps argparse from reading it as a flag.
  cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  log "formatting kafka storage in $KAFKA_DATA (cluster id $cluster_id)"
  kafka_java kafka.tools.StorageTool format --cluster-id="$cluster_id" -c "$KAFKA_CONF/server.properties" \
    >"$LOG_DIR/kafka-format.log" 2>&1 || {
    cat "$LOG_DIR/kafka-format.log" >&2
    die "kafka storage format failed"
  }
}

kafka_healthy() { # a real metadata request through the Kafka admin client
  tcp_open "$KAFKA_PORT" || return 1
  timeout 30 "$KAFKA_JAVA_HOME/bin/java" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$KAFKA_CONF/tools-log4j2.properties" -cp "$KAFKA_LIBS/*" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list \
    >/dev/null 2>&1
}

launch_kafka() {
  local pid
  if pid="$(engine_pid kafka)"; then
    log "kafka already running (pid $pid)"
    return 0
  fi
  check_java kafka "$KAFKA_JAVA_HOME" 17 99
  [[ -f "$KAFKA_HOME/.fetched" ]] || fetch_kafka
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if tcp_open "$p"; then
      die "port $p is already in use by another process (set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
    fi
  done
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  write_kafka_config
  kafka_format_if_needed
  log "starting kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"
  # shellcheck disable=SC2086
  spawn_engine kafka "$LOG_DIR/kafka.out" "$KAFKA_JAVA_HOME/bin/java" $KAFKA_HEAP_OPTS \
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_CONF/log4j2.properties" \
    -Dkafka.logs.dir="$KAFKA_LOGS" -Dengines.dir="$ENGINES_DIR" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF/server.properties"
}

wait_kafka() {
  local start=$SECONDS pid
  while :; do
    if ! pid="$(engine_pid kafka)"; then
      show_log_tail kafka
      die "kafka exited during start-up, $(exit_status kafka) (logs: $KAFKA_LOGS/server.log, $LOG_DIR/kafka.out)"
    fi
    if tcp_open "$KAFKA_PORT" && kafka_healthy; then
      log "kafka healthy on 127.0.0.1:$KAFKA_PORT (pid $pid, $((SECONDS - start)) s, RSS $(rss_mb "$pid") MB)"
      log "kafka logs: $KAFKA_LOGS/server.log"
      return 0
    fi
    if ((SECONDS - start >= START_TIMEOUT)); then
      show_log_tail kafka
      die "kafka not healthy after ${START_TIMEOUT}s (pid $pid left running; 'engines.sh down kafka' stops it)"
    fi
    sleep 1
  done
}

# ---------------------------------------------------------------------------------------------
# OpenSearch
# ---------------------------------------------------------------------------------------------
# OpenSearch refuses to start as root. When this script runs as root, OpenSearch runs as
# OPENSEARCH_RUN_AS (default: nobody) through setpriv, and its data/log/config folders belong to it.
os_run_as() {
  if [[ "$(id -u)" != 0 ]]; then
    return 0
  fi
  printf '%s' "${OPENSEARCH_RUN_AS:-nobody}"
}

write_opensearch_config() {
  mkdir -p "$OS_CONF/jvm.options.d" "$OS_DATA" "$OS_LOGS" "$RUN_DIR/opensearch-home"
  local tport
  tport="$OPENSEARCH_TRANSPORT_PORT"
  cat >"$OS_CONF/opensearch.yml" <<EOF
# generated by scripts/engines/engines.sh on every start: edit the script, not this file
cluster.name: $OS_CLUSTER
node.name: dev-node
path.data: $OS_DATA
path.logs: $OS_LOGS
network.host: 127.0.0.1
http.port: $OPENSEARCH_PORT
transport.port: $tport
discovery.type: single-node
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: true
EOF
  # the distribution's jvm.options with a modest heap and file paths inside .engines
  sed -e "s/^-Xms.*/-Xms$OPENSEARCH_HEAP/" \
    -e "s/^-Xmx.*/-Xmx$OPENSEARCH_HEAP/" \
    -e "s#^-XX:+HeapDumpOnOutOfMemoryError#-XX:-HeapDumpOnOutOfMemoryError#" \
    -e "s#^-XX:HeapDumpPath=.*#-XX:HeapDumpPath=$OS_LOGS#" \
    -e "s#^-XX:ErrorFile=.*#-XX:ErrorFile=$OS_LOGS/hs_err_pid%p.log#" \
    -e "s#file=logs/gc.log:\(.*\):filecount=32,filesize=64m#file=$OS_LOGS/gc.log:\1:filecount=2,filesize=16m#" \
    "$OS_HOME/config/jvm.options" >"$OS_CONF/jvm.options"
  # -XX:-AlwaysPreTouch: do not commit the whole heap at start (smaller RSS, faster start)
  printf '%s\n' '-XX:-AlwaysPreTouch' >>"$OS_CONF/jvm.options"
  # the server log goes to $OS_LOGS/$OS_CLUSTER.log only, not also to stdout (opensearch.out)
  sed -e 's/^rootLogger.appenderRef.console.ref/#&/' \
    "$OS_HOME/config/log4j2.properties" >"$OS_CONF/log4j2.properties"
  local user
  user="$(os_run_as)"
  if [[ -n "$user" ]]; then
    chown -R "$user:" "$OS_CONF" "$OS_DATA" "$OS_LOGS" "$RUN_DIR/opensearch-home"
  fi
}

os_health_json() {
  curl -s --max-time 10 "http://127.0.0.1:$OPENSEARCH_PORT/_cluster/health?wait_for_status=yellow&timeout=5s" 2>/dev/null
}
opensearch_healthy() {
  local h
  h="$(os_health_json)" || return 1
  [[ "$h" == *'"cluster_name":"'"$OS_CLUSTER"'"'* ]] || return 1
  [[ "$h" == *'"status":"green"'* || "$h" == *'"status":"yellow"'* ]]
}

# One node cannot hold replicas, so indices created without number_of_replicas would stay yellow.
# cluster.default_number_of_replicas is honoured by 2.19 only as a dynamic cluster setting (set in
# opensearch.yml it shows up in _cluster/settings but index creation ignores it), so it is applied
# through the API once the node is up. OPENSEARCH_DEFAULT_REPLICAS= (empty) leaves the default (1).
opensearch_default_replicas() {
  local n="${OPENSEARCH_DEFAULT_REPLICAS-0}"
  [[ -n "$n" ]] || return 0
  curl -s --max-time 10 -o /dev/null -XPUT -H 'Content-Type: application/json' \
    "http://127.0.0.1:$OPENSEARCH_PORT/_cluster/settings" \
    -d "{\"persistent\":{\"cluster.default_number_of_replicas\":$n}}" ||
    err "could not set cluster.default_number_of_replicas"
}

launch_opensearch() {
  local pid
  if pid="$(engine_pid opensearch)"; then
    log "opensearch already running (pid $pid)"
    return 0
  fi
  check_java opensearch "$OPENSEARCH_JAVA_HOME" 11 21
  command -v curl >/dev/null 2>&1 || die "curl is needed for the OpenSearch health check"
  [[ -f "$OS_HOME/.fetched" ]] || fetch_opensearch
  local p
  p="$(first_port "$OPENSEARCH_PORT")"
  if tcp_open "$p"; then
    die "port $p is already in use by another process (set OPENSEARCH_PORT)"
  fi
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  write_opensearch_config
  local user prefix=()
  user="$(os_run_as)"
  if [[ -n "$user" ]]; then
    local uid gid
    uid="$(id -u "$user")" || die "user '$user' (OPENSEARCH_RUN_AS) does not exist"
    gid="$(id -g "$user")"
    prefix=(setpriv --reuid="$uid" --regid="$gid" --clear-groups)
    if ! "${prefix[@]}" test -r "$OS_HOME/bin/opensearch" -a -w "$OS_DATA" -a -r "$OS_HOME/lib"; then
      die "OpenSearch refuses to run as root, so it runs as '$user', but '$user' cannot read $OS_HOME or write $OS_DATA (a parent folder is not world-readable?). Set OPENSEARCH_RUN_AS to another user or ENGINES_DIR to a folder that user can reach."
    fi
    log "running as root: opensearch runs as user '$user'"
  fi
  log "starting opensearch $OPENSEARCH_VERSION on http://127.0.0.1:$OPENSEARCH_PORT"
  # setpriv, env and bin/opensearch all exec: the pid becomes the java process's
  spawn_engine opensearch "$LOG_DIR/opensearch.out" "${prefix[@]}" env HOME="$RUN_DIR/opensearch-home" \
    OPENSEARCH_JAVA_HOME="$OPENSEARCH_JAVA_HOME" JAVA_HOME="$OPENSEARCH_JAVA_HOME" \
    OPENSEARCH_PATH_CONF="$OS_CONF" OPENSEARCH_JAVA_OPTS="-Dengines.dir=$ENGINES_DIR ${OPENSEARCH_JAVA_OPTS:-}" \
    "$OS_HOME/bin/opensearch"
}

wait_opensearch() {
  local start=$SECONDS pid
  while :; do
    if ! pid="$(engine_pid opensearch)"; then
      show_log_tail opensearch
      die "opensearch exited during start-up, $(exit_status opensearch) (logs: $OS_LOGS/$OS_CLUSTER.log, $LOG_DIR/opensearch.out)"
    fi
    if opensearch_healthy; then
      opensearch_default_replicas
      log "opensearch healthy on http://127.0.0.1:$OPENSEARCH_PORT (pid $pid, $((SECONDS - start)) s, RSS $(rss_mb "$pid") MB)"
      log "opensearch logs: $OS_LOGS/$OS_CLUSTER.log"
      return 0
    fi
    if ((SECONDS - start >= START_TIMEOUT)); then
      show_log_tail opensearch
      die "opensearch not healthy after ${START_TIMEOUT}s (pid $pid left running; 'engines.sh down opensearch' stops it)"
    fi
    sleep 1
  done
}

# ---------------------------------------------------------------------------------------------
# zipkin: one executable jar, spans kept in memory (a trace store for development and tests)
# ---------------------------------------------------------------------------------------------
fetch_zipkin() {
  if [[ -f "$ZIPKIN_JAR" ]]; then
    log "zipkin $ZIPKIN_VERSION already fetched ($ZIPKIN_JAR)"
    return 0
  fi
  log "fetching zipkin $ZIPKIN_VERSION from Maven Central ..."
  run_mvn zipkin dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
    -DoutputDirectory="$(dirname "$ZIPKIN_JAR")"
  [[ -f "$ZIPKIN_JAR" ]] || die "zipkin jar missing at $ZIPKIN_JAR after fetch"
  log "zipkin $ZIPKIN_VERSION fetched into $ZIPKIN_JAR"
}

zipkin_healthy() { curl -sf --max-time 2 "http://127.0.0.1:$ZIPKIN_PORT/health" >/dev/null 2>&1; }

launch_zipkin() {
  local pid
  if pid="$(engine_pid zipkin)"; then
    log "zipkin already running (pid $pid)"
    return 0
  fi
  check_java zipkin "$ZIPKIN_JAVA_HOME" 17 99
  [[ -f "$ZIPKIN_JAR" ]] || fetch_zipkin
  tcp_open "$ZIPKIN_PORT" && die "port $ZIPKIN_PORT is taken by another process (set ZIPKIN_PORT)"
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  log "starting zipkin $ZIPKIN_VERSION on http://127.0.0.1:$ZIPKIN_PORT"
  spawn_engine zipkin "$LOG_DIR/zipkin.out" env STORAGE_TYPE=mem MEM_MAX_SPANS="$ZIPKIN_MAX_SPANS" \
    "$ZIPKIN_JAVA_HOME/bin/java" "-Xms$ZIPKIN_HEAP" "-Xmx$ZIPKIN_HEAP" -XX:+UseSerialGC \
    -XX:TieredStopAtLevel=1 -Djava.awt.headless=true -jar "$ZIPKIN_JAR" --armeria.ports[0].port="$ZIPKIN_PORT" --armeria.ports[0].ip=127.0.0.1 \
    --armeria.ports[0].protocols[0]=http
}

wait_zipkin() {
  local start=$SECONDS pid
  while :; do
    if ! pid="$(engine_pid zipkin)"; then
      show_log_tail zipkin
      die "zipkin exited during start-up, $(exit_status zipkin) (log: $LOG_DIR/zipkin.out)"
    fi
    if zipkin_healthy; then
      log "zipkin healthy on http://127.0.0.1:$ZIPKIN_PORT (pid $pid, $((SECONDS - start)) s, RSS $(rss_mb "$pid") MB)"
      return 0
    fi
    if ((SECONDS - start >= START_TIMEOUT)); then
      show_log_tail zipkin
      die "zipkin not healthy after ${START_TIMEOUT}s (pid $pid left running; 'engines.sh down zipkin' stops it)"
    fi
    sleep 1
  done
}

# ---------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------
stop_engine() { # $1 engine, $2 signal for the first attempt (TERM)
  local name="$1" pid
  if ! pid="$(engine_pid "$name")"; then
    rm -f "$(pid_file "$name")"
    log "$name is not running"
    return 0
  fi
  log "stopping $name (pid $pid, SIGTERM) ..."
  kill -TERM "$pid" 2>/dev/null || true
  local start=$SECONDS
  while engine_pid "$name" >/dev/null; do
    if ((SECONDS - start >= STOP_TIMEOUT)); then
      err "$name did not stop within ${STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$(pid_file "$name")"
  log "$name stopped ($((SECONDS - start)) s)"
}

kill9_engine() {
  local name="$1" pid
  if ! pid="$(engine_pid "$name")"; then
    log "$name is not running"
    return 0
  fi
  kill -KILL "$pid"
  local n=0
  while engine_pid "$name" >/dev/null && ((n < 50)); do
    sleep 0.1
    n=$((n + 1))
  done
  rm -f "$(pid_file "$name")"
  log "$name killed with SIGKILL (pid $pid)"
}

status_engine() {
  local name="$1" pid
  if ! pid="$(engine_pid "$name")"; then
    printf '%-11s stopped\n' "$name:"
    return 1
  fi
  local health="unhealthy" url
  case "$name" in
    kafka)
      url="127.0.0.1:$KAFKA_PORT"
      if tcp_open "$KAFKA_PORT"; then health="listening"; fi
      ;;
    opensearch)
      url="http://127.0.0.1:$OPENSEARCH_PORT"
      local h
      h="$(curl -s --max-time 5 "$url/_cluster/health" 2>/dev/null || true)"
      if [[ "$h" =~ \"status\":\"([a-z]+)\" ]]; then health="${BASH_REMATCH[1]}"; fi
      ;;
    zipkin)
      url="http://127.0.0.1:$ZIPKIN_PORT"
      if zipkin_healthy; then health="up"; fi
      ;;
  esac
  printf '%-11s running pid=%s %s health=%s rss=%sMB log=%s\n' "$name:" "$pid" "$url" "$health" \
    "$(rss_mb "$pid")" "$(log_files "$name" | head -n1)"
  [[ "$health" != "unhealthy" && "$health" != "red" ]]
}

cmd_fetch() {
  local e
  for e in $(engines_from_arg "${1:-}"); do
    "fetch_$e"
  done
}

cmd_up() {
  local e engines
  engines="$(engines_from_arg "${1:-}")"
  # fetch first (sequentially: one Maven at a time), then start all, then wait for all
  for e in $engines; do
    if ! engine_pid "$e" >/dev/null; then "fetch_$e"; fi
  done
  for e in $engines; do with_lock "$e" "launch_$e"; done
  for e in $engines; do with_lock "$e" "wait_$e"; done
  log "logs are in $LOG_DIR"
}

cmd_down() {
  local e
  for e in $(engines_from_arg "${1:-}"); do with_lock "$e" stop_engine "$e"; done
}

cmd_status() {
  local e rc=0
  for e in $(engines_from_arg "${1:-}"); do status_engine "$e" || rc=1; done
  printf 'logs: %s   data: %s\n' "$LOG_DIR" "$DATA_DIR"
  return $rc
}

cmd_reset() {
  local e
  for e in $(engines_from_arg "${1:-}"); do
    with_lock "$e" stop_engine "$e"
    case "$e" in
      kafka) rm -rf "$KAFKA_DATA" ;;
      opensearch) rm -rf "$OS_DATA" ;;
      zipkin) ;; # spans live in memory only
    esac
    log "$e data deleted"
  done
}

cmd_logs() {
  local e="${1:-}"
  [[ "$e" == kafka || "$e" == opensearch || "$e" == zipkin ]] || die "usage: engines.sh logs kafka|opensearch|zipkin"
  tail -n 100 -F "$(log_files "$e" | head -n1)"
}

cmd_kafka_tool() {
  [[ $# -ge 1 ]] || die "usage: engines.sh kafka-tool <tool|main-class> [args...]"
  local tool="$1" cls
  shift
  case "$tool" in
    topics) cls=org.apache.kafka.tools.TopicCommand ;;
    console-producer) cls=org.apache.kafka.tools.ConsoleProducer ;;
    console-consumer) cls=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
    consumer-groups) cls=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
    metadata-quorum) cls=org.apache.kafka.tools.MetadataQuorumCommand ;;
    api-versions) cls=org.apache.kafka.tools.BrokerApiVersionsCommand ;;
    storage) cls=kafka.tools.StorageTool ;;
    *.*) cls="$tool" ;;
    *) die "unknown kafka tool '$tool'" ;;
  esac
  [[ -f "$KAFKA_HOME/.fetched" ]] || fetch_kafka >&2
  [[ -f "$KAFKA_CONF/tools-log4j2.properties" ]] || write_kafka_config
  exec "$KAFKA_JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_CONF/tools-log4j2.properties" -cp "$KAFKA_LIBS/*" "$cls" "$@"
}

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    fetch) cmd_fetch "$@" ;;
    up | start) cmd_up "$@" ;;
    down | stop) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    kill9)
      [[ "${1:-}" == kafka || "${1:-}" == opensearch ]] || die "usage: engines.sh kill9 kafka|opensearch"
      kill9_engine "$1"
      ;;
    reset) cmd_reset "$@" ;;
    logs) cmd_logs "$@" ;;
    kafka-tool) cmd_kafka_tool "$@" ;;
    -h | --help | help | "") usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
