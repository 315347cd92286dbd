# shellcheck shell=bash
# Shared by scripts/test and scripts/demo (sourced, not run).
#
# ppe_venv REQUIREMENTS_FILE
#   Makes sure $REPO/.venv exists and has REQUIREMENTS_FILE (relative to $REPO) installed, then
#   puts .venv/bin first on PATH. Reinstalls only when the file (or a file it includes with -r)
#   changed since the last install: a sha256 stamp per requirements file is kept in .venv.
#   The venv is created with ${PYTHON:-python3}, which must be Python >= 3.11.
#
# Sets: REPO (if unset), VENV, VENV_PY, PY_VERSION (e.g. 3.11).

REPO="${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
VENV="$REPO/.venv"
VENV_PY="$VENV/bin/python"

ppe_die() {
    echo "ERROR: $*" >&2
    exit 1
}

# Prints the sha256 of a requirements file together with the files it includes (-r / --requirement).
_ppe_req_hash() {
    local file="$1" dir line inc
    dir="$(dirname "$file")"
    {
        cat "$file"
        while IFS= read -r line || [[ -n "$line" ]]; do
            inc=""
            case "$line" in
                -r\ * | --requirement\ *) inc="${line#* }" ;;
                --requirement=*) inc="${line#*=}" ;;
            esac
            inc="${inc%%#*}"
            inc="${inc//[[:space:]]/}"
            if [[ -n "$inc" ]]; then
                cat "$dir/$inc"
            fi
        done <"$file"
    } | sha256sum | cut -d' ' -f1
}

# Checks that the given interpreter is Python >= 3.11 (prints its version on success).
_ppe_check_python() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2]); sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

ppe_venv() {
    local req="$REPO/$1" python="${PYTHON:-python3}" version stamp want have=""
    [[ -f "$req" ]] || ppe_die "requirements file not found: $req"

    if [[ ! -x "$VENV_PY" ]] || ! _ppe_check_python "$VENV_PY" >/dev/null; then
        command -v "$python" >/dev/null 2>&1 ||
            ppe_die "'$python' not found. Install Python 3.11 or newer, or point PYTHON at one (PYTHON=/path/to/python3.12 $0)."
        if ! version="$(_ppe_check_python "$python")"; then
            ppe_die "Python 3.11 or newer is required, but '$python' is Python ${version:-(unknown)}. Set PYTHON=/path/to/python3.11 (or newer)."
        fi
        echo "Creating the virtual environment .venv with $python (Python $version) ..."
        rm -rf "$VENV"
        "$python" -m venv "$VENV" ||
            ppe_die "'$python -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)."
    fi

    stamp="$VENV/.installed-$(basename "$req").sha256"
    want="$(_ppe_req_hash "$req")"
    [[ -f "$stamp" ]] && have="$(cat "$stamp")"
    if [[ "$want" != "$have" ]]; then
        echo "Installing pinned dependencies from ${req#"$REPO"/} into .venv (the first time takes a minute) ..."
        rm -f "$stamp"
        "$VENV_PY" -m pip install --disable-pip-version-check --quiet --requirement "$req" ||
            ppe_die "pip install -r ${req#"$REPO"/} failed (see above); fix it and run the command again."
        echo "$want" >"$stamp"
    fi

    PY_VERSION="$("$VENV_PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    PATH="$VENV/bin:$PATH"
    export PATH PY_VERSION VIRTUAL_ENV="$VENV"
}
