#!/usr/bin/env bash
# Make sure the real services the tests use are running: RabbitMQ, MariaDB
# and PostgreSQL.  Starts any that is down; exits non-zero, saying which,
# when one cannot be started.
set -u

wait_until() {  # wait_until SECONDS COMMAND...
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -ge "$deadline" ] && return 1
        sleep 1
    done
}

rabbit_up() { rabbitmqctl -q status; }
mariadb_up() { mysqladmin --socket=/run/mysqld/mysqld.sock -uroot ping; }
postgres_up() { pg_isready -q; }

failed=0

if ! rabbit_up >/dev/null 2>&1; then
    echo "ensure-services: starting RabbitMQ"
    rabbitmq-server -detached >/dev/null 2>&1
    wait_until 90 rabbit_up || { echo "ensure-services: RabbitMQ did not start (rabbitmq-server -detached)" >&2; failed=1; }
fi

if ! mariadb_up >/dev/null 2>&1; then
    echo "ensure-services: starting MariaDB"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >/dev/null 2>&1
    wait_until 60 mariadb_up || { echo "ensure-services: MariaDB did not start (/usr/sbin/mariadbd)" >&2; failed=1; }
fi

if ! postgres_up >/dev/null 2>&1; then
    echo "ensure-services: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >/dev/null 2>&1
    wait_until 60 postgres_up || { echo "ensure-services: PostgreSQL did not start (pg_ctlcluster)" >&2; failed=1; }
fi

[ "$failed" -eq 0 ] && echo "ensure-services: RabbitMQ, MariaDB and PostgreSQL are up"
exit "$failed"
