#!/usr/bin/env bash
# Kubernetes' official Python client for test/python-client.e2e-spec.ts, pinned in
# test/python/requirements.txt, in a venv inside the checkout (.venv-test, git-ignored). Idempotent:
# a venv that already has the pinned version is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { echo "the Python client test needs Python 3 with venv (apt-get install python3 python3-venv)" >&2; exit 1; }
want="$(grep -E '^kubernetes==' test/python/requirements.txt | cut -d= -f3)"
if [ -x .venv-test/bin/python ] && [ "$(.venv-test/bin/python -c 'import kubernetes; print(kubernetes.__version__)' 2>/dev/null)" = "$want" ]; then
  exit 0
fi
[ -x .venv-test/bin/python ] || python3 -m venv .venv-test
.venv-test/bin/pip install --quiet --disable-pip-version-check -r test/python/requirements.txt
