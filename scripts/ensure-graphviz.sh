#!/bin/sh
# Make sure Graphviz's `dot` exists; install it with the platform's package manager when
# it is missing, or stop with the exact command to run.
command -v dot >/dev/null 2>&1 && exit 0
echo "Graphviz's 'dot' is missing: installing Graphviz..."
case "$(uname -s)" in
  Darwin)
    if command -v brew >/dev/null 2>&1; then
      brew install graphviz
    else
      echo "Install Homebrew (https://brew.sh), then run: brew install graphviz"; exit 1
    fi ;;
  *)
    if command -v apt-get >/dev/null 2>&1; then
      SUDO=""
      if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1; then SUDO=sudo
        else echo "Run as root: apt-get install -y graphviz"; exit 1; fi
      fi
      $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq graphviz >/dev/null
    else
      echo "Install Graphviz with your package manager (it provides 'dot'), e.g.: dnf install graphviz"; exit 1
    fi ;;
esac
command -v dot >/dev/null 2>&1 || { echo "Graphviz install failed: install the 'graphviz' package by hand"; exit 1; }
echo "Graphviz installed: $(dot -V 2>&1)"
