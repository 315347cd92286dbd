# shellcheck shell=bash
# Shared by scripts/test, scripts/docs and scripts/demo (sourced, not run).
#
# ppe_venv REQUIREMENTS_FILE
#   Makes sure $REPO/.venv exists and has REQUIREMENTS_FILE (relative to $REPO) installed, then
#   puts .venv/bin first on PATH. Reinstalls only when the file (or a file it includes with -r)
#   changed since the last install: a sha256 stamp per requirements file is kept in the venv.
#   The venv is created with ${PYTHON:-python3}, which must be Python >= 3.11.
#   Sets: REPO (if unset), VENV, VENV_PY, PY_VERSION (e.g. 3.11).
#
# ppe_find_python X.Y
#   Prints the path of a working Python X.Y interpreter (its sys.executable), or returns 1 (with the places it looked on stderr).
#   Looks at $PPE_PYTHON_X_Y (e.g. PPE_PYTHON_3_12=/usr/bin/python3.12), then pythonX.Y on PATH (run, not only
#   found: a pyenv shim for a version that is not selected exists but fails), then the pyenv builds
#   $(pyenv root)/versions/X.Y.*/bin/pythonX.Y (newest first).
#
# ppe_leg_venv VENV_DIR PYTHON REQUIREMENTS_FILE
#   The same as ppe_venv for another venv (one per ansible-core of the test matrix): creates VENV_DIR with
#   PYTHON when it is missing or runs another Python X.Y, installs REQUIREMENTS_FILE (relative to $REPO)
#   when it changed. Does not touch PATH.

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

# Prints the X.Y version of an interpreter; fails when it does not run (e.g. a pyenv shim of another version).
_ppe_python_version() {
    "$1" -c 'import sys, venv; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
}

# Prints the real executable behind an interpreter path (a pyenv shim -> the build it runs).
_ppe_real_python() {
    "$1" -c 'import sys; print(sys.executable)' 2>/dev/null
}

ppe_find_python() {
    local want="$1" var candidate root roots=() tried=()
    var="PPE_PYTHON_${want//./_}"
    if [[ -n "${!var:-}" ]]; then
        if [[ "$(_ppe_python_version "${!var}")" == "$want" ]]; then
            _ppe_real_python "${!var}"
            return 0
        fi
        echo "$var=${!var} is not a working Python $want." >&2
        return 1
    fi
    if candidate="$(command -v "python$want" 2>/dev/null)" && [[ "$(_ppe_python_version "$candidate")" == "$want" ]]; then
        _ppe_real_python "$candidate"
        return 0
    fi
    tried+=("python$want on PATH")
    [[ -n "${PYENV_ROOT:-}" ]] && roots+=("$PYENV_ROOT")
    if command -v pyenv >/dev/null 2>&1 && root="$(pyenv root 2>/dev/null)"; then
        roots+=("$root")
    fi
    roots+=("$HOME/.pyenv")
    for root in "${roots[@]}"; do
        [[ " ${tried[*]} " == *" $root/versions/"* ]] && continue  # the same root twice
        tried+=("$root/versions/$want.*/bin/python$want")
        while IFS= read -r candidate; do
            if [[ -n "$candidate" && "$(_ppe_python_version "$candidate")" == "$want" ]]; then
                _ppe_real_python "$candidate"
                return 0
            fi
        done < <(compgen -G "$root/versions/$want.*/bin/python$want" | sort -rV)
    done
    {
        echo "No working Python $want found. Looked for:"
        printf '  %s\n' "${tried[@]}"
        echo "Install Python $want, or point $var at one ($var=/path/to/python$want)."
    } >&2
    return 1
}

# _ppe_install VENV_DIR REQUIREMENTS_PATH: pip install when the requirements changed since the last install.
_ppe_install() {
    local venv="$1" req="$2" stamp want have="" name
    name="${venv#"$REPO"/}"
    stamp="$venv/.installed-$(basename "$req").sha256"
    want="$(_ppe_req_hash "$req")"
    [[ -f "$stamp" ]] && have="$(cat "$stamp")"
    if [[ "$want" != "$have" ]]; then
        echo "Installing pinned dependencies from ${req#"$REPO"/} into $name (the first time takes a minute) ..."
        rm -f "$stamp"
        "$venv/bin/python" -m pip install --disable-pip-version-check --quiet --requirement "$req" ||
            ppe_die "pip install -r ${req#"$REPO"/} into $name failed (see above); fix it and run the command again."
        echo "$want" >"$stamp"
    fi
}

ppe_venv() {
    local req="$REPO/$1" python="${PYTHON:-python3}" version
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
    _ppe_install "$VENV" "$req"

    PY_VERSION="$("$VENV_PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    PATH="$VENV/bin:$PATH"
    export PATH PY_VERSION VIRTUAL_ENV="$VENV"
}

ppe_leg_venv() {
    local venv="$1" python="$2" req="$REPO/$3" want have
    [[ -f "$req" ]] || ppe_die "requirements file not found: $req"
    want="$(_ppe_python_version "$python")" || ppe_die "'$python' does not run."
    have="$(_ppe_python_version "$venv/bin/python" || true)"
    if [[ "$have" != "$want" ]]; then
        echo "Creating the virtual environment ${venv#"$REPO"/} with $python (Python $want) ..."
        rm -rf "$venv"
        "$python" -m venv "$venv" || ppe_die "'$python -m venv $venv' failed."
    fi
    _ppe_install "$venv" "$req"
}
