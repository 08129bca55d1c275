# Sourced by etc/test and etc/demo: installs what the build needs (once) and sets the build
# environment. Expensive output lives outside the work tree, under $HERALD_CACHE, so a fresh
# clone on the same machine reuses it: cargo's target directory and the SpiderMonkey archive.



HERALD_CACHE="${HERALD_CACHE:-$HOME/.cache/herald}"
export HERALD_CACHE
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HERALD_CACHE/target}"

# Debian packages: clang 19 and libclang for SpiderMonkey (mozjs) and its bindgen step. etc/test
# adds more to HERALD_EXTRA_APT_PACKAGES before sourcing this (the desktop embedder's test
# needs a real notification server).
herald_apt_packages=(clang-19 libclang-19-dev llvm-19 python3 pkg-config m4 ${HERALD_EXTRA_APT_PACKAGES:-})
herald_missing=()
for p in "${herald_apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || herald_missing+=("$p")
done
if [ "${#herald_missing[@]}" -gt 0 ]; then
    echo "etc/env.sh: installing ${herald_missing[*]}" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${herald_missing[@]}" >/dev/null
fi
if ! command -v cargo >/dev/null 2>&1; then
    echo "etc/env.sh: cargo is missing; install Rust with rustup (https://rustup.rs)" >&2
    exit 1
fi

export CC=clang-19 CXX=clang++-19 LIBCLANG_PATH=/usr/lib/llvm-19/lib

# SpiderMonkey: mozjs_sys would try to download a prebuilt library, which cannot work here.
# Build it from source once per machine, keep the archive it makes, and link that afterwards.
herald_triple="$(rustc -vV | sed -n 's/^host: //p')"
HERALD_MOZJS_ARCHIVE="$HERALD_CACHE/mozjs/libmozjs-$herald_triple.tar.gz"
export HERALD_MOZJS_ARCHIVE
if [ -f "$HERALD_MOZJS_ARCHIVE" ]; then
    export MOZJS_ARCHIVE="$HERALD_MOZJS_ARCHIVE"
    unset MOZJS_CREATE_ARCHIVE MOZJS_FROM_SOURCE
else
    export MOZJS_CREATE_ARCHIVE=1
    unset MOZJS_ARCHIVE
fi

# After a build that created the archive, keep it for the next builds.
herald_save_mozjs_archive() {
    local made="$CARGO_TARGET_DIR/libmozjs-$herald_triple.tar.gz"
    if [ ! -f "$HERALD_MOZJS_ARCHIVE" ] && [ -f "$made" ]; then
        mkdir -p "$(dirname "$HERALD_MOZJS_ARCHIVE")"
        cp "$made" "$HERALD_MOZJS_ARCHIVE.tmp" && mv "$HERALD_MOZJS_ARCHIVE.tmp" "$HERALD_MOZJS_ARCHIVE"
        echo "etc/env.sh: saved the SpiderMonkey archive as $HERALD_MOZJS_ARCHIVE" >&2
    fi
}
