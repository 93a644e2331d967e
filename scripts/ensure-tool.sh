#!/bin/sh
# Make sure system programs exist; install the packages of the missing ones with the
# platform's package manager, or stop with the exact command to run.
#   sh scripts/ensure-tool.sh WHAT "COMMANDS" "DEBIAN PACKAGES" "BREW ARGUMENTS"
# e.g. sh scripts/ensure-tool.sh Graphviz "dot" "graphviz" "graphviz"
# The i-th package provides the i-th command (brew's --flags apply to all of them).
what=$1 commands=$2 debian=$3 brew=$4

nth() {  # nth N WORDS...: the N-th of WORDS
  n=$1; shift
  [ "$n" -le $# ] && eval "echo \${$n}"
}
count() { echo $#; }

brew_flags="" brew_names=""
for b in $brew; do
  case $b in -*) brew_flags="$brew_flags $b" ;; *) brew_names="$brew_names $b" ;; esac
done
n_commands=$(count $commands)
missing="" need_debian="" need_brew="" i=0
for c in $commands; do
  i=$((i + 1))
  command -v "$c" >/dev/null 2>&1 && continue
  missing="$missing $c"
  need_debian="$need_debian $(nth $i $debian)"
  need_brew="$need_brew $(nth $i $brew_names)"
done
[ -z "$missing" ] && exit 0
# lists that do not pair up one to one: install every package
[ "$(count $debian)" = "$n_commands" ] || need_debian=$debian
[ "$(count $brew_names)" = "$n_commands" ] || need_brew=$brew_names
missing=$(echo $missing) need_debian=$(echo $need_debian) need_brew=$(echo $brew_flags $need_brew)

case "$(uname -s)" in
  Darwin)
    echo "$what: $missing not found on PATH; installing: brew install $need_brew"
    if command -v brew >/dev/null 2>&1; then
      brew install $need_brew
    else
      echo "Install Homebrew (https://brew.sh), then run: brew install $need_brew"; exit 1
    fi ;;
  *)
    echo "$what: $missing not found on PATH; installing: apt-get install $need_debian"
    if command -v apt-get >/dev/null 2>&1; then
      SUDO=""
      if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1; then SUDO=sudo
        else echo "Run as root: apt-get install -y $need_debian"; exit 1; fi
      fi
      $SUDO apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need_debian >/dev/null
    else
      echo "Install $what with your package manager (packages: $need_debian)"; exit 1
    fi ;;
esac
still=""
for c in $missing; do command -v "$c" >/dev/null 2>&1 || still="$still $c"; done
if [ -n "$still" ]; then
  echo "$what: still not found after the install:$still; install $need_debian by hand"; exit 1
fi
echo "$what: installed $missing."
