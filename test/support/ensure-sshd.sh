#!/usr/bin/env bash
# Makes sure Debian's OpenSSH server is installed and the throwaway SFTP test user
# exists, for the sftp / batch-file transport tests (test/support/sshServer.ts starts
# its own sshd on a spare port with throwaway keys; nothing listens on port 22).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-sshd: needs root to install openssh-server and create the test user; run: apt-get install -y openssh-server" >&2
    exit 1
  fi
fi

if [ ! -x /usr/sbin/sshd ]; then
  echo "ensure-sshd: installing the Debian openssh-server package"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends openssh-server >/dev/null
fi
test -x /usr/sbin/sshd

# The partner's account: no shell, no home; the tests chroot it into a temporary inbox.
if ! id lendwire-sftp >/dev/null 2>&1; then
  $SUDO useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin lendwire-sftp
fi
echo "ensure-sshd: $(/usr/sbin/sshd -V 2>&1 | head -1 || echo installed)"
