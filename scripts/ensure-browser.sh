#!/bin/sh
# The player's browser test needs a headless Chromium and its driver. Install them with
# the platform's package manager when missing, or stop with the exact command to run.
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then exit 0; fi
echo "Chromium or chromedriver is missing (the step-through player's browser test): installing..."
case "$(uname -s)" in
  Darwin)
    if command -v brew >/dev/null 2>&1; then
      brew install --cask chromium chromedriver
    else
      echo "Install Homebrew (https://brew.sh), then run: brew install --cask chromium chromedriver"; exit 1
    fi ;;
  *)
    if command -v apt-get >/dev/null 2>&1; then
      SUDO=""
      if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1; then SUDO=sudo
        else echo "Run as root: apt-get install -y chromium chromium-driver"; exit 1; fi
      fi
      $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
    else
      echo "Install Chromium and chromedriver with your package manager, e.g.: dnf install chromium chromedriver"; exit 1
    fi ;;
esac
command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || {
  echo "Chromium install failed: install the 'chromium' and 'chromium-driver' packages by hand"; exit 1; }
echo "Chromium installed: $(chromium --version 2>/dev/null)"
