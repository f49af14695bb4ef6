#!/bin/sh
# The Dutch catalogue is complete: every message in the sources is in po/nl.po, translated,
# not fuzzy, with matching format directives. Usage: check-po.sh SOURCE_ROOT
set -eu
top=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$top"
# Every source file with translatable strings is listed in po/POTFILES.in.
for f in $(grep -rlE '\b(N?_|ngettext)\("' lib cmd tui --include='*.c' --include='*.h'); do
    grep -qx "$f" po/POTFILES.in || { echo "$f has translatable strings but is not in po/POTFILES.in" >&2; exit 1; }
done
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=ngettext:1,2 --keyword=X:3 --keyword=NC_:1c,2 \
    --files-from=po/POTFILES.in --output="$tmp/bb.pot" --package-name=bb
# Every message of the sources is in nl.po.
msgcmp --use-untranslated po/nl.po "$tmp/bb.pot"
# ...translated, without fuzzy entries, with the same printf directives.
stats=$(msgfmt --check --statistics --output-file=/dev/null po/nl.po 2>&1)
echo "$stats"
case $stats in
*untranslated* | *fuzzy*) echo "po/nl.po is incomplete: $stats" >&2; exit 1 ;;
esac
# One form of address, as bbtui's: "u", never "je", "jij" or "jouw" (issue 15).
if msgattrib --translated --no-wrap po/nl.po 2>/dev/null | grep '^msgstr' |
    grep -iwE 'je|jij|jou|jouw|jezelf'; then
    echo "po/nl.po says 'je' where bb says 'u'" >&2
    exit 1
fi
