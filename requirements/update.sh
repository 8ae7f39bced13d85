#!/usr/bin/env bash
# Remake the locks from pyproject.toml with pip-tools (pip install pip-tools), for the
# Python the workflows use (3.11 here, on Linux). Two locks, one set of versions:
#   requirements/lock.txt             the tool, its tests and the release tools (CI, .ci/run)
#   qms_tools/data/lock/handbook.txt  what a handbook made by `qms init` installs: the
#                                     runtime packages only, constrained to the same versions
# Add --upgrade to move every package to the newest version pyproject.toml allows.
set -euo pipefail
cd "$(dirname "$0")/.."
common=(--quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links "$@")
pip-compile "${common[@]}" --extra test --extra release --output-file requirements/lock.txt pyproject.toml
pip-compile "${common[@]}" --constraint requirements/lock.txt --output-file qms_tools/data/lock/handbook.txt pyproject.toml
