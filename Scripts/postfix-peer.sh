#!/usr/bin/env bash
# A private Postfix instance, the real mail peer of the ticket mail tests (issue 15):
#
#   Scripts/postfix-peer.sh start  [DIR] [PORT] [DOMAIN…]   # /tmp/pmops-postfix 2525 desk.test example.com
#   Scripts/postfix-peer.sh stop   [DIR]
#   Scripts/postfix-peer.sh status [DIR]
#
# Everything lives under DIR: etc/ (main.cf, master.cf, the mailbox map), spool/ (the
# queue), data/, log/maillog, and mail/DOMAIN/ — one Maildir per listed domain, so mail
# to support@desk.test lands in DIR/mail/desk.test/new/ for `pmops tickets mail-in
# maildir:DIR/mail/desk.test`, and mail to jo@acme.example (with acme.example listed) in
# DIR/mail/acme.example/. Bounces land in DIR/mail/postmaster/. SMTP listens on
# 127.0.0.1:PORT only. Every domain is a virtual mailbox domain (an unlisted one bounces)
# and every other transport is `error:`, so nothing is ever relayed off the machine.
# Local submission: /usr/sbin/sendmail -C DIR/etc -t -i (or MAIL_CONFIG=DIR/etc).
#
# Needs root (the master process starts as root and drops to the postfix user) and the
# Debian package `postfix` (Scripts/ensure-deps.sh installs it without configuring a
# system MTA). `start` returns once the SMTP port accepts connections; exit 1 otherwise,
# with the instance's log on stderr. `stop` is safe to repeat.
set -euo pipefail

cmd=${1:-}
dir=${2:-/tmp/pmops-postfix}
port=${3:-2525}
domains=("${@:4}")
[[ ${#domains[@]} -gt 0 ]] || domains=(desk.test example.com)
etc=$dir/etc
postfix=/usr/sbin/postfix
postconf=/usr/sbin/postconf

usage() { echo "usage: $0 start [DIR] [PORT] [DOMAIN…] | stop [DIR] | status [DIR]" >&2; exit 2; }
[[ $dir == /* ]] || { echo "postfix-peer: DIR must be an absolute path, not $dir." >&2; exit 2; }

master_pid() {
  local file=$dir/spool/pid/master.pid
  [[ -r $file ]] || return 1
  local pid
  pid=$(tr -dc '0-9' < "$file")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

write_config() {
  # The postfix user must reach the queue: the folders above it may not be private.
  mkdir -p "$etc" "$dir/spool" "$dir/data" "$dir/log" "$dir/mail"
  chmod 755 "$dir" "$etc" "$dir/log"
  chown root:root "$dir/spool"
  chown postfix:postfix "$dir/data"
  chown nobody:nogroup "$dir/mail"
  cat > "$etc/main.cf" <<EOF
# Written by Scripts/postfix-peer.sh: a private test instance; nothing leaves the machine.
compatibility_level = 3.6
config_directory = $etc
queue_directory = $dir/spool
data_directory = $dir/data
myhostname = pmops-peer.localdomain
mydomain = localdomain
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_banner = \$myhostname ESMTP pmops test peer
alias_maps =
alias_database =
local_recipient_maps =
local_transport = error:local delivery is off in the pmops test peer
default_transport = error:the pmops test peer relays nothing
relay_transport = error:the pmops test peer relays nothing
virtual_mailbox_domains = static:all
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = texthash:$etc/mailboxes
virtual_uid_maps = static:$(id -u nobody)
virtual_gid_maps = static:$(getent group nogroup | cut -d: -f3)
virtual_minimum_uid = 1
message_size_limit = 20480000
virtual_mailbox_limit = 0
maillog_file = $dir/log/maillog
maillog_file_prefixes = $dir/log
biff = no
append_dot_mydomain = no
smtputf8_enable = no
EOF
  # One Maildir per listed domain (a trailing slash means Maildir); virtual(8) allows no
  # regexp substitution here, so the domains are spelled out.
  {
    echo "@pmops-peer.localdomain postmaster/"
    for domain in "${domains[@]}"; do
      [[ $domain =~ ^[a-z0-9-]+(\.[a-z0-9-]+)*$ ]] || { echo "postfix-peer: $domain is not a domain name." >&2; exit 2; }
      echo "@$domain $domain/"
    done
  } > "$etc/mailboxes"
  cat > "$etc/master.cf" <<EOF
127.0.0.1:$port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

case $cmd in
  start)
    [[ $port =~ ^[0-9]+$ ]] || usage
    [[ $(id -u) -eq 0 ]] || { echo "postfix-peer: needs root (Postfix's master starts as root)." >&2; exit 1; }
    [[ -x $postfix ]] || { echo "postfix-peer: $postfix is missing; Scripts/ensure-deps.sh installs it (apt-get install postfix)." >&2; exit 1; }
    if pid=$(master_pid); then echo "postfix-peer: already running in $dir (master pid $pid)." >&2; exit 1; fi
    write_config
    # The queue folders as postfix-files has them (`postfix set-permissions` takes 5 s).
    for queue in active bounce corrupt defer deferred flush hold incoming private saved trace; do
      install -d -o postfix -g root -m 700 "$dir/spool/$queue"
    done
    install -d -o postfix -g postdrop -m 730 "$dir/spool/maildrop"
    install -d -o postfix -g postdrop -m 710 "$dir/spool/public"
    install -d -o root -g root -m 755 "$dir/spool/pid"
    # The master itself, as `postfix start` runs it but without its 2 s of installation
    # checks: -w returns once the daemon has initialised, non-zero when it could not.
    daemons=$("$postconf" -c "$etc" -h daemon_directory)
    MAIL_CONFIG=$etc "$daemons/master" -w || { cat "$dir/log/maillog" >&2 2>/dev/null || true; exit 1; }
    for _ in $(seq 1 200); do
      if listening; then
        echo "postfix-peer: listening on 127.0.0.1:$port; sendmail -C $etc; Maildirs under $dir/mail/DOMAIN/" >&2
        exit 0
      fi
      sleep 0.05
    done
    echo "postfix-peer: nothing listens on 127.0.0.1:$port after 10 s; log:" >&2
    cat "$dir/log/maillog" >&2 2>/dev/null || true
    "$postfix" -c "$etc" abort >/dev/null 2>&1 || true
    exit 1
    ;;
  stop)
    if pid=$(master_pid); then
      "$postfix" -c "$etc" stop >/dev/null 2>&1 || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.05; done
      # The master did not end (a blocked SIGTERM): end it and its children by PID.
      pkill -KILL -P "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
    fi
    ;;
  status)
    if pid=$(master_pid); then echo "running in $dir (master pid $pid)"; else echo "not running in $dir"; exit 1; fi
    ;;
  *) usage ;;
esac
