#!/usr/bin/env bash
# Body generator for scripts/bench/ingest.sh: event templates for events.lua, and whole request bodies rendered
# from them (ingest.sh's probe requests; also handy to look at what the benchmark sends).
#
#   bodies.sh template cloudevents          # api-request CloudEvents, one variant per line
#   bodies.sh template kong [RECORD.json]   # Kong http-log records (default: ../shared/reference/kong/01-http-log-rest-200.json)
#   bodies.sh render TEMPLATE EVENTS ARRAY SUBJECT [IDTAG]
#                                           # one body: EVENTS events, a JSON array if ARRAY=1, ids unique per IDTAG
#
# Templates hold the placeholders @@ID@@, @@SUBJECT@@, @@TIME@@ and @@MS@@ (see events.lua). Each line is one
# variant; requests use them in turn, so the meter's group-by values (route, method, status) vary like real traffic.
set -euo pipefail
export LC_ALL=C

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
KONG_RECORD_DEFAULT="$REPO/../shared/reference/kong/01-http-log-rest-200.json"

die() { echo "bodies.sh: $*" >&2; exit 2; }

# api-request events shaped like ../shared/perf/bodies/single.json (about 430 B each): the default api_requests meter
# counts type "api-request" and groups by data.route, data.method and data.status.
template_cloudevents() {
  local route method status region pod tier dur bin bout
  while read -r route method status region pod tier dur bin bout; do
    printf '{"specversion":"1.0","id":"@@ID@@","source":"urn:svc:api-gateway/%s/pod-%s","type":"api-request",' "$region" "$pod"
    printf '"subject":"@@SUBJECT@@","time":"@@TIME@@","datacontenttype":"application/json",'
    printf '"data":{"route":"%s","method":"%s","status":%s,"region":"%s","tier":"%s","duration_ms":%s,' \
      "$route" "$method" "$status" "$region" "$tier" "$dur"
    printf '"bytes_in":%s,"bytes_out":%s,"client_ip":"10.0.12.7"}}\n' "$bin" "$bout"
  done <<'EOF'
/v1/orders            GET  200 eu-west-1      3454e pro        133.311  16461  330063
/v1/orders            POST 201 us-east-1      a6086 free       1459.734 94198  967196
/v1/invoices          GET  200 ap-southeast-2 ae2b7 enterprise 51.83    65712  799075
/v1/customers/{id}    GET  404 eu-central-1   66fd4 pro        12.004   1024   412
/v1/chat/completions  POST 200 us-east-1      3454e enterprise 1751.83  8631   20014
/v2/search            GET  500 eu-west-1      a6086 free       310.5    2048   187
EOF
}

# Kong http-log records from the reference sample, compact and with "/" escaped as "\/" as Kong's cjson sends them.
# request.id (Kong's own dedup key) and the response's x-kong-request-id get the unique id; every consumer identity
# (consumer id/username/custom_id, credential, x-consumer-* headers) gets the subject, so the run's events can be
# found whichever of them the Kong mapping turns into the CloudEvent subject; started_at is the current time.
template_kong() {
  local record=${1:-$KONG_RECORD_DEFAULT} method status
  [[ -r $record ]] || die "cannot read Kong record $record"
  command -v jq >/dev/null || die "jq is needed (apt-get install jq)"
  while read -r method status; do
    jq -c --arg m "$method" --argjson s "$status" '
      .request.id = "@@ID@@" | .response.headers["x-kong-request-id"] = "@@ID@@"
      | .request.method = $m | .response.status = $s | .upstream_status = ($s | tostring)
      | .consumer.id = "@@SUBJECT@@" | .consumer.username = "@@SUBJECT@@" | .consumer.custom_id = "@@SUBJECT@@"
      | .authenticated_entity.id = "@@SUBJECT@@"
      | .request.headers["x-consumer-id"] = "@@SUBJECT@@" | .request.headers["x-consumer-username"] = "@@SUBJECT@@"
      | .request.headers["x-consumer-custom-id"] = "@@SUBJECT@@" | .request.headers["x-credential-identifier"] = "@@SUBJECT@@"
      | .started_at = "@@MS@@" | (.tries[]?.balancer_start) = "@@MS@@"' "$record" \
      | sed -e 's/"@@MS@@"/@@MS@@/g' -e 's|/|\\/|g'
  done <<'EOF'
GET  200
POST 201
GET  404
EOF
}

# The same rendering as events.lua, in awk: variant n % variants for event n, ids IDTAG 0000 <20-digit counter>
# (thread number 0, which no wrk thread has), subjects SUBJECT-01...
render() {
  local template=$1 events=$2 array=$3 subject=$4 idtag=${5:-}
  [[ -r $template ]] || die "cannot read template $template"
  [[ $events =~ ^[1-9][0-9]*$ ]] || die "EVENTS must be a positive number, not $events"
  [[ $array == 0 || $array == 1 ]] || die "ARRAY must be 0 or 1"
  [[ $array == 1 || $events == 1 ]] || die "ARRAY=0 needs EVENTS=1"
  [[ -n $idtag ]] || idtag=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
  local now
  now=$(date +%s)
  awk -v events="$events" -v array="$array" -v subject="$subject" -v idtag="$idtag" -v now="$now" \
      -v time="$(date -u -d "@$now" +%Y-%m-%dT%H:%M:%SZ)" -v subjects="${SUBJECTS:-16}" '
    $0 != "" { tmpl[nv++] = $0 }
    END {
      if (nv == 0) { print "bodies.sh: empty template" > "/dev/stderr"; exit 2 }
      ms = sprintf("%.0f", now * 1000)
      if (array) printf "["
      for (n = 1; n <= events; n++) {
        e = tmpl[n % nv]
        gsub(/@@ID@@/, sprintf("%s0000%020d", idtag, n), e)
        gsub(/@@SUBJECT@@/, sprintf("%s-%02d", subject, n % subjects + 1), e)
        gsub(/@@TIME@@/, time, e)
        gsub(/@@MS@@/, ms, e)
        printf "%s%s", (n > 1 ? "," : ""), e
      }
      if (array) printf "]"
    }' "$template"
}

case ${1:-} in
  template)
    case ${2:-} in
      cloudevents) template_cloudevents ;;
      kong) template_kong "${3:-}" ;;
      *) die "usage: bodies.sh template cloudevents|kong [RECORD.json]" ;;
    esac ;;
  render) [[ $# -ge 5 ]] || die "usage: bodies.sh render TEMPLATE EVENTS ARRAY SUBJECT [IDTAG]"; shift; render "$@" ;;
  -h|--help) sed -n '2,/^[^#]/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
  *) die "usage: bodies.sh template cloudevents|kong [RECORD.json] | render TEMPLATE EVENTS ARRAY SUBJECT [IDTAG]" ;;
esac
