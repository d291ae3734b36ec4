#!/bin/bash
# Starts the compose broker: fills the passwords into its configuration and, on first start, formats its storage with
# every principal's SCRAM-SHA-512 credential (the controller needs them before any client can connect).
set -euo pipefail
config=/tmp/server.properties
for var in DORMOUSE_KAFKA_BROKER_PASSWORD DORMOUSE_KAFKA_KEYSTORE_PASSWORD DORMOUSE_KAFKA_REGISTRY_PASSWORD \
    DORMOUSE_KAFKA_WORKER_PASSWORD DORMOUSE_KAFKA_STORE_PASSWORD DORMOUSE_KAFKA_MONITOR_PASSWORD; do
    [[ -n "${!var:-}" ]] || { echo "start-kafka: $var is not set" >&2; exit 1; }
done
sed -e "s/@BROKER_PASSWORD@/$DORMOUSE_KAFKA_BROKER_PASSWORD/g" -e "s/@ADVERTISED@/${DORMOUSE_KAFKA_ADVERTISED:-kafka:9093}/g" \
    -e "s/@KEYSTORE_PASSWORD@/$DORMOUSE_KAFKA_KEYSTORE_PASSWORD/g" /dormouse/server.properties >"$config"
if [[ ! -f /var/lib/kafka/data/meta.properties ]]; then
    /opt/kafka/bin/kafka-storage.sh format -t "$(/opt/kafka/bin/kafka-storage.sh random-uuid)" -c "$config" \
        --add-scram "SCRAM-SHA-512=[name=dormouse-broker,password=$DORMOUSE_KAFKA_BROKER_PASSWORD]" \
        --add-scram "SCRAM-SHA-512=[name=dormouse-registry,password=$DORMOUSE_KAFKA_REGISTRY_PASSWORD]" \
        --add-scram "SCRAM-SHA-512=[name=dormouse-worker,password=$DORMOUSE_KAFKA_WORKER_PASSWORD]" \
        --add-scram "SCRAM-SHA-512=[name=dormouse-store,password=$DORMOUSE_KAFKA_STORE_PASSWORD]" \
        --add-scram "SCRAM-SHA-512=[name=dormouse-monitor,password=$DORMOUSE_KAFKA_MONITOR_PASSWORD]"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$config"
