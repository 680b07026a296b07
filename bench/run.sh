#!/usr/bin/env bash
# The hub's benchmark (./hub bench): one run on this machine, all baselines measured in the same
# run. Starts its own PostgreSQL cluster (temporary folder), the echo server, the competence and
# learning and quality services and the gateway, all on loopback, and stops them at the end.
#   bench/run.sh BUILD_DIR [SECONDS] [CONCURRENCY]
set -euo pipefail
BUILD=$1
SECONDS_PER=${2:-10}
CONCURRENCY=${3:-16}
BIN=$BUILD/bin
OUT=$BUILD/bench
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/valohub-bench-XXXXXX)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$WORK"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_port() {  # file pattern -> the number after it
  for _ in $(seq 300); do
    if grep -q "$2" "$1" 2>/dev/null; then sed -n "s/.*$2 \([0-9]*\).*/\1/p" "$1" | head -n 1; return; fi
    sleep 0.1
  done
  echo "bench: timed out waiting for '$2' in $1" >&2; exit 1
}

echo "bench: PostgreSQL in $WORK/pg"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U valohub --auth=trust -N >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg.log" \
  -o "-c listen_addresses='' -c unix_socket_directories='$WORK' -c max_connections=100" start >/dev/null
as_pg "$PGBIN/createdb" -h "$WORK" -U valohub valohub
DB="host=$WORK port=5432 user=valohub dbname=valohub"

echo "bench: pgbench -S -M prepared (${SECONDS_PER}s, 8 clients)"
as_pg "$PGBIN/pgbench" -h "$WORK" -U valohub -i -s 10 -q valohub >/dev/null 2>&1
(cd "$WORK" && as_pg "$PGBIN/pgbench" -h "$WORK" -U valohub -S -M prepared -c 8 -j 2 \
   -T "$SECONDS_PER" -l --log-prefix="$WORK/pgb" valohub >"$WORK/pgbench.out" 2>&1)
TPS=$(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$WORK/pgbench.out" | head -n 1)
[ -n "$TPS" ] || TPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$WORK/pgbench.out" | head -n 1)
# Per-transaction log lines: client transaction latency_us script epoch epoch_us.
cat "$WORK"/pgb.* | awk '{print $3}' | sort -n >"$WORK/lat.txt"
N=$(wc -l <"$WORK/lat.txt")
P50=$(awk -v n="$N" 'NR == int(n * 0.50) + 1 {printf "%.3f", $1 / 1000}' "$WORK/lat.txt")
P99=$(awk -v n="$N" 'NR == int(n * 0.99) + 1 {printf "%.3f", $1 / 1000}' "$WORK/lat.txt")

"$BIN/valohub-bench" echo-server >"$WORK/echo.out" 2>"$WORK/echo.log" &
PIDS+=($!)
ECHO_PORT=$(wait_port "$WORK/echo.out" "listening on port")

"$BIN/valohub-competence" --database="$DB" --listen=127.0.0.1:0 --metrics-listen=127.0.0.1:0 ${COMPETENCE_FLAGS:-} \
  >"$WORK/competence.out" 2>"$WORK/competence.log" &
PIDS+=($!)
COMPETENCE_PORT=$(wait_port "$WORK/competence.out" "listening on port")

# The learning and quality services call each other: the quality port is chosen first. The
# learning service asks the quality service as in production (development mode only generates
# the issuer key).
QUALITY_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN/valohub-learning" --database="$DB" --listen=127.0.0.1:0 --metrics-listen=127.0.0.1:0 \
  --competence="127.0.0.1:$COMPETENCE_PORT" --issuer-key-dir="$WORK/issuer-keys" \
  --quality="127.0.0.1:$QUALITY_PORT" --development-mode \
  >"$WORK/learning.out" 2>"$WORK/learning.log" &
PIDS+=($!)
LEARNING_PORT=$(wait_port "$WORK/learning.out" "listening on port")
"$BIN/valohub-quality" --database="$DB" --listen="127.0.0.1:$QUALITY_PORT" \
  --metrics-listen=127.0.0.1:0 --learning="127.0.0.1:$LEARNING_PORT" \
  --competence="127.0.0.1:$COMPETENCE_PORT" \
  >"$WORK/quality.out" 2>"$WORK/quality.log" &
PIDS+=($!)
wait_port "$WORK/quality.out" "listening on port" >/dev/null

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/key.pem" 2>/dev/null
"$BIN/valohub-token" jwks --key="$WORK/key.pem" >"$WORK/jwks.json"
"$BIN/valohub-gateway" --backends="valohub.competence.v1.CompetenceService=127.0.0.1:$COMPETENCE_PORT,valohub.learning.v1.LearningService=127.0.0.1:$LEARNING_PORT,valohub.quality.v1.QualityService=127.0.0.1:$QUALITY_PORT" \
  --jwks="$WORK/jwks.json" --issuer=https://bench.local --http-listen=127.0.0.1:0 \
  --grpc-listen=127.0.0.1:0 --metrics-listen=127.0.0.1:0 --rate-limit-per-second=0 \
  >"$WORK/gateway.out" 2>"$WORK/gateway.log" &
PIDS+=($!)
HTTP_PORT=$(wait_port "$WORK/gateway.out" "http port")
GRPC_PORT=$(wait_port "$WORK/gateway.out" "grpc port")

OP=$("$BIN/valohub-token" mint --key="$WORK/key.pem" --issuer=https://bench.local --sub=bench-operator --roles=HUB_OPERATOR)
R1=$("$BIN/valohub-token" mint --key="$WORK/key.pem" --issuer=https://bench.local --sub=r1 --institution=panel --person=r1 --roles=REVIEWER)
R2=$("$BIN/valohub-token" mint --key="$WORK/key.pem" --issuer=https://bench.local --sub=r2 --institution=panel --person=r2 --roles=REVIEWER)
ADMIN=$("$BIN/valohub-token" mint --key="$WORK/key.pem" --issuer=https://bench.local --sub=bench-admin --institution=bench --roles=INSTITUTION_ADMIN)
curl -sf -X POST "http://127.0.0.1:$HTTP_PORT/v1/institutions?institutionId=bench" \
  -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' \
  -d '{"displayName":"Bench College","kind":"VET_PROVIDER","businessId":"0112038-9","region":"FI-11"}' >/dev/null
# The review panel: the two reviewers of the reviewed units, persons of another institution.
curl -sf -X POST "http://127.0.0.1:$HTTP_PORT/v1/institutions?institutionId=panel" \
  -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' \
  -d '{"displayName":"Review Panel","kind":"VET_PROVIDER","businessId":"2000001-6","region":"FI-01"}' >/dev/null
for r in r1 r2; do
  curl -sf -X POST "http://127.0.0.1:$HTTP_PORT/v1/institutions/panel/people?personId=$r" \
    -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' \
    -d '{"displayName":"Reviewer","roles":["TEACHER"]}' >/dev/null
done
PERSON=$(curl -sf -X POST "http://127.0.0.1:$HTTP_PORT/v1/institutions/bench/people?personId=p1" \
  -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"displayName":"Bench Person","email":"bench@example.fi","roles":["TEACHER"],"externalId":"B-1"}' \
  | sed -n 's/.*"name":"\([^"]*\)".*/\1/p')

echo "bench: ${SECONDS_PER}s per scenario, $CONCURRENCY client threads, $(nproc) cores"
"$BIN/valohub-bench" run --echo="127.0.0.1:$ECHO_PORT" --competence="127.0.0.1:$COMPETENCE_PORT" \
  --gateway-http-port="$HTTP_PORT" --gateway-grpc="127.0.0.1:$GRPC_PORT" --token="$ADMIN" \
  --person="$PERSON" --seconds="$SECONDS_PER" --concurrency="$CONCURRENCY" --operator-token="$OP" \
  --catalogue-units="${BENCH_CATALOGUE_UNITS:-10000}" --reviewer-tokens="$R1,$R2" \
  --pgbench="$TPS $P50 $P99" --out="$OUT/results.json"
