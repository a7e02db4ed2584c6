#!/usr/bin/env bash
# Smoke test of the running engines (start them first: engines.sh up).
#   bash scripts/engines/smoke.sh [kafka|opensearch]
# Kafka: create a topic, produce two keyed messages, consume them in a group.
# OpenSearch: asciifolding + edge_ngram + synonym analyzer, search_as_you_type, fuzzy match, terms and
# histogram aggregations, highlighting, atomic alias swap, external versioning (409), painless, _reindex.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENGINES="$SCRIPT_DIR/engines.sh"
KAFKA="127.0.0.1:${KAFKA_PORT:-9092}"
OS="http://127.0.0.1:${OPENSEARCH_PORT:-9200}"
RUN_ID="smoke$$"
FAILS=0

ok() { printf '  ok   %s\n' "$1"; }
bad() {
  printf '  FAIL %s\n' "$1" >&2
  [[ -n "${2:-}" ]] && printf '       got: %s\n' "${2:0:400}" >&2
  FAILS=$((FAILS + 1))
}
expect() { # $1 description, $2 text, $3 substring expected in text
  if [[ "$2" == *"$3"* ]]; then ok "$1"; else bad "$1" "$2"; fi
}

smoke_kafka() {
  echo "kafka ($KAFKA)"
  local topic="$RUN_ID.events" out
  out="$(bash "$ENGINES" kafka-tool topics --bootstrap-server "$KAFKA" --create --topic "$topic" \
    --partitions 3 --replication-factor 1 2>&1 || true)"
  expect "create topic $topic" "$out" "Created topic"
  printf 'k1:hello\nk2:Pokémon\n' | bash "$ENGINES" kafka-tool console-producer --bootstrap-server "$KAFKA" \
    --topic "$topic" --reader-property parse.key=true --reader-property key.separator=: 2>/dev/null || true
  out="$(bash "$ENGINES" kafka-tool console-consumer --bootstrap-server "$KAFKA" --topic "$topic" \
    --group "$RUN_ID" --from-beginning --max-messages 2 --timeout-ms 30000 \
    --formatter-property print.key=true 2>/dev/null || true)"
  expect "consume k1" "$out" $'k1\thello'
  expect "consume k2 (UTF-8)" "$out" $'k2\tPokémon'
  bash "$ENGINES" kafka-tool topics --bootstrap-server "$KAFKA" --delete --topic "$topic" >/dev/null 2>&1 || true
}

os() { # method path [json body]
  if [[ $# -ge 3 ]]; then
    curl -s -X "$1" -H 'Content-Type: application/json' "$OS$2" -d "$3" || true
  else
    curl -s -X "$1" "$OS$2" || true
  fi
}

smoke_opensearch() {
  echo "opensearch ($OS)"
  local v1="${RUN_ID}_titles_v1" v2="${RUN_ID}_titles_v2" v3="${RUN_ID}_titles_v3" alias="${RUN_ID}_titles" out code
  out="$(os PUT "/$v1" '{
    "settings": {"analysis": {
      "filter": {
        "title_syn": {"type": "synonym", "synonyms": ["tv, television", "movie, film"]},
        "title_edge": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15}
      },
      "tokenizer": {"edge_tok": {"type": "edge_ngram", "min_gram": 2, "max_gram": 10, "token_chars": ["letter", "digit"]}},
      "analyzer": {
        "folded": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding", "title_syn"]},
        "autocomplete": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding", "title_edge"]},
        "edge_tok": {"tokenizer": "edge_tok", "filter": ["lowercase", "asciifolding"]}
      }
    }},
    "mappings": {"properties": {
      "title": {"type": "text", "analyzer": "folded", "fields": {
        "ac": {"type": "text", "analyzer": "autocomplete", "search_analyzer": "folded"},
        "sayt": {"type": "search_as_you_type", "analyzer": "folded"},
        "raw": {"type": "keyword"}}},
      "genre": {"type": "keyword"},
      "year": {"type": "integer"}
    }}}')"
  expect "create index (asciifolding, edge_ngram, synonym, search_as_you_type)" "$out" '"acknowledged":true'
  out="$(os POST "/$v1/_analyze" '{"analyzer": "edge_tok", "text": "Pokémon"}')"
  expect "edge_ngram tokenizer + asciifolding" "$out" '"token":"pokem"'
  os PUT "/$v1/_doc/1" '{"title": "Pokémon: The Movie", "genre": "animation", "year": 1998}' >/dev/null
  os PUT "/$v1/_doc/2" '{"title": "Planet Earth", "genre": "documentary", "year": 2006}' >/dev/null
  os PUT "/$v1/_doc/3?refresh=true" '{"title": "Pokémon Journeys", "genre": "animation", "year": 2019}' >/dev/null

  out="$(os POST "/$v1/_search" '{"query": {"match": {"title": "pokemon"}}}')"
  expect "match 'pokemon' finds 'Pokémon'" "$out" '"total":{"value":2'
  out="$(os POST "/$v1/_search" '{"query": {"match": {"title": {"query": "pokemn", "fuzziness": "AUTO"}}}}')"
  expect "fuzzy 'pokemn'" "$out" '"total":{"value":2'
  out="$(os POST "/$v1/_search" '{"query": {"match": {"title": "film"}}}')"
  expect "synonym film -> movie" "$out" '"_id":"1"'
  out="$(os POST "/$v1/_search" '{"query": {"match": {"title.ac": "pok"}}}')"
  expect "edge_ngram prefix 'pok'" "$out" '"total":{"value":2'
  out="$(os POST "/$v1/_search" '{"query": {"multi_match": {"query": "pokemon jou", "type": "bool_prefix",
    "fields": ["title.sayt", "title.sayt._2gram", "title.sayt._3gram"]}}}')"
  expect "search_as_you_type 'pokemon jou'" "$out" '"_id":"3"'
  out="$(os POST "/$v1/_search" '{"query": {"match": {"title": "pokemon"}},
    "aggs": {"genres": {"terms": {"field": "genre"}}, "years": {"histogram": {"field": "year", "interval": 10}}},
    "highlight": {"fields": {"title": {}}}}')"
  expect "terms aggregation" "$out" '"key":"animation","doc_count":2'
  expect "histogram aggregation" "$out" '"key":2010.0,"doc_count":1'
  expect "highlighting" "$out" '<em>Pokémon</em>'

  os PUT "/$v2" '{}' >/dev/null
  os POST /_aliases "{\"actions\": [{\"add\": {\"index\": \"$v1\", \"alias\": \"$alias\"}}]}" >/dev/null
  out="$(os POST /_aliases "{\"actions\": [{\"remove\": {\"index\": \"$v1\", \"alias\": \"$alias\"}},
    {\"add\": {\"index\": \"$v2\", \"alias\": \"$alias\"}}]}")"
  expect "atomic alias swap acknowledged" "$out" '"acknowledged":true'
  out="$(os GET "/_alias/$alias")"
  expect "alias now points to v2 only" "$out" "{\"$v2\":{\"aliases\":{\"$alias\":{}}}}"

  out="$(os PUT "/$alias/_doc/9?version=5&version_type=external" '{"title": "v5"}')"
  expect "external version 5 accepted (through the alias)" "$out" '"_version":5'
  code="$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    "$OS/$alias/_doc/9?version=3&version_type=external" -d '{"title": "v3"}' || true)"
  expect "external version 3 refused with 409" "$code" "409"

  out="$(os POST "/$v1/_update/2?refresh=true" '{"script": {"lang": "painless", "source": "ctx._source.year += params.n", "params": {"n": 1}}}')"
  expect "painless scripted update" "$out" '"result":"updated"'
  out="$(os POST "/_reindex?refresh=true" "{\"source\": {\"index\": \"$v1\"}, \"dest\": {\"index\": \"$v3\"}}")"
  expect "_reindex" "$out" '"created":3'

  os DELETE "/$v1,$v2,$v3" >/dev/null
}

case "${1:-all}" in
  kafka) smoke_kafka ;;
  opensearch) smoke_opensearch ;;
  all | "")
    smoke_kafka
    smoke_opensearch
    ;;
  *)
    echo "usage: smoke.sh [kafka|opensearch]" >&2
    exit 2
    ;;
esac

if ((FAILS > 0)); then
  echo "$FAILS check(s) failed" >&2
  exit 1
fi
echo "all checks passed"
