# Shared by scripts/demo and scripts/test: install what is missing, build.
# shellcheck shell=sh

top=$(cd "$(dirname "$0")/.." && pwd)

# Every Debian package the build, the embedded database and the tests need.
# Why each one is there: docs/dependencies.md.
BB_PACKAGES="gcc pkg-config meson ninja-build python3 libpq-dev libsodium-dev libncurses-dev
libcmocka-dev gettext postgresql postgresql-client locales libkeyutils-dev keyutils tmux
libxlsxwriter-dev libjansson-dev zlib1g-dev libzip-dev libexpat1-dev libgfshare-dev openssl unzip
libutf8proc-dev binutils iproute2 postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl"

say() { printf '%s\n' "$*"; }

missing_packages() {
    # shellcheck disable=SC2086 # one word per package
    {
        # Fails for a package dpkg has never heard of (a fresh machine): the list still counts.
        dpkg-query -W -f='${Package} ${Status}\n' $BB_PACKAGES 2>/dev/null || true
        printf '\n%s\n' "$BB_PACKAGES"
    } |
        awk 'NF == 0 {listed = 1; next}
             !listed {if ($0 ~ / install ok installed$/) ok[$1] = 1; next}
             {for (i = 1; i <= NF; i++) if (!($i in ok)) printf "%s ", $i}'
}

install_packages() {
    missing=$(missing_packages)
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != 0 ]; then
        say "bb needs these Debian packages: $missing"
        say "Install them with:  sudo apt-get install -y $missing"
        exit 1
    fi
    say "Installing: $missing"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null; then
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
    fi
}

# The Dutch UI needs the nl_NL.UTF-8 locale, which a fresh Debian does not have.
ensure_dutch_locale() {
    locale -a 2>/dev/null | grep -qi '^nl_NL\.utf-\?8$' && return 0
    if [ "$(id -u)" != 0 ]; then
        say "The Dutch locale is missing; as root run: locale-gen nl_NL.UTF-8 (after enabling it in /etc/locale.gen)"
        return 1
    fi
    sed -i 's/^# *\(nl_NL.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^nl_NL.UTF-8 UTF-8' /etc/locale.gen || echo 'nl_NL.UTF-8 UTF-8' >>/etc/locale.gen
    locale-gen >/dev/null
}

# options_set DIR -Dname=value...: whether DIR is configured so already (configuring it again
# would only make ninja regenerate the build files). When unsure: no.
options_set() {
    json="$top/$1/meson-info/intro-buildoptions.json"
    shift
    [ -f "$json" ] || return 1
    for arg in "$@"; do
        name=${arg#-D} value=${arg#*=}
        name=${name%%=*}
        case $value in true | false) ;; *) value="\"$value\"" ;; esac
        grep -qF "\"name\": \"$name\", \"value\": $value," "$json" || return 1
    done
}

# build_into DIR [meson options...]: configure (again when the options differ), then build.
# Quiet when all is well; the whole compiler output when not.
build_into() {
    dir=$1; shift
    log=$(mktemp)
    if [ -f "$top/$dir/build.ninja" ]; then
        options_set "$dir" "$@" || meson configure "$top/$dir" "$@" >"$log" 2>&1 ||
            { cat "$log"; rm -f "$log"; return 1; }
    else
        meson setup "$top/$dir" "$top" "$@" >"$log" 2>&1 || { cat "$log"; rm -f "$log"; return 1; }
    fi
    ninja -C "$top/$dir" >"$log" 2>&1 || { cat "$log"; rm -f "$log"; return 1; }
    rm -f "$log"
}
