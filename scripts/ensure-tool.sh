#!/bin/sh
# Make sure system programs exist; install them with the platform's package manager when
# missing, or stop with the exact command to run.
#   sh scripts/ensure-tool.sh WHAT "COMMANDS" "DEBIAN PACKAGES" "BREW ARGUMENTS"
# e.g. sh scripts/ensure-tool.sh Graphviz "dot" "graphviz" "graphviz"
what=$1 commands=$2 debian=$3 brew=$4
missing=""
for c in $commands; do command -v "$c" >/dev/null 2>&1 || missing="$missing $c"; done
[ -z "$missing" ] && exit 0
echo "$what is missing ($missing ): installing it..."
case "$(uname -s)" in
  Darwin)
    if command -v brew >/dev/null 2>&1; then
      brew install $brew
    else
      echo "Install Homebrew (https://brew.sh), then run: brew install $brew"; exit 1
    fi ;;
  *)
    if command -v apt-get >/dev/null 2>&1; then
      SUDO=""
      if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1; then SUDO=sudo
        else echo "Run as root: apt-get install -y $debian"; exit 1; fi
      fi
      $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $debian >/dev/null
    else
      echo "Install $what with your package manager (packages: $debian)"; exit 1
    fi ;;
esac
for c in $commands; do
  command -v "$c" >/dev/null 2>&1 || { echo "$what install failed: install $debian by hand"; exit 1; }
done
echo "$what installed."
