#!/bin/sh
# System packages the instructor's toolchain uses, outside the Python virtualenv:
#   bubblewrap  (bwrap)        the sandbox every submission's kernel runs in (tools/autograde/sandbox.py)
#   postgresql  (initdb, ...)  only for the PostgreSQL gradebook test (tests/test_gradebook_backends.py)
#   chromium                   only for the test that opens feedback pages in a real browser (tests/test_autograde.py)
#
# Run by `make setup` first. As root on a Debian/Ubuntu system it installs what is
# missing with apt-get; anywhere else it prints what to install. It never fails the
# setup: without bubblewrap `make autograde` refuses to grade and says why, and
# without the PostgreSQL server binaries that one test is skipped, saying why.
# COURSE_NO_APT=1 makes it only report, even as root.

have_bwrap() { command -v bwrap >/dev/null 2>&1; }
have_postgres() {
    command -v initdb >/dev/null 2>&1 && return 0
    for bin in /usr/lib/postgresql/*/bin/initdb; do
        [ -x "$bin" ] && return 0
    done
    return 1
}

missing=""
have_bwrap || missing="$missing bubblewrap"
have_postgres || missing="$missing postgresql"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
missing="${missing# }"

if [ -z "$missing" ]; then
    echo "system packages ok: bubblewrap, the PostgreSQL server binaries and Chromium are installed"
    exit 0
fi

if [ "$(id -u)" = 0 ] && [ "${COURSE_NO_APT:-0}" != 1 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages with apt-get: $missing"
    if DEBIAN_FRONTEND=noninteractive apt-get update -q \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing; then
        echo "system packages installed: $missing"
        exit 0
    fi
    echo "WARNING: apt-get could not install: $missing" >&2
fi

echo "WARNING: missing system packages: $missing" >&2
echo "  Install them as root, e.g. on Debian/Ubuntu:" >&2
echo "      sudo apt-get update && sudo apt-get install -y $missing" >&2
case " $missing " in *" bubblewrap "*)
    echo "  Without bubblewrap 'make autograde' refuses to grade (the sandbox cannot run);" >&2
    echo "  only an explicit UNSAFE=1 (make autograde UNSAFE=1) grades without it, with no isolation." >&2
esac
case " $missing " in *" postgresql "*)
    echo "  Without postgresql the PostgreSQL gradebook test is skipped (SQLite stays the default)." >&2
esac
case " $missing " in *" chromium "*)
    echo "  Without chromium the feedback pages are checked as text only, not in a browser." >&2
esac
exit 0
