"""The Russian translation of every addon covers every string of its template."""

import polib
import pytest
from odoo_runner import ADDONS, REPO


@pytest.mark.parametrize("addon", ADDONS)
def test_russian_translation_is_complete(addon):
    i18n = REPO / addon / "i18n"
    template = polib.pofile(str(i18n / f"{addon}.pot"))
    russian = polib.pofile(str(i18n / "ru.po"))
    translated = {
        (e.msgctxt, e.msgid) for e in russian if e.translated() and not e.obsolete
    }
    missing = [e.msgid for e in template if (e.msgctxt, e.msgid) not in translated]
    assert missing == []
    assert len(template) > 0


@pytest.mark.parametrize("addon", ADDONS)
def test_russian_translation_keeps_placeholders(addon):
    russian = polib.pofile(str(REPO / addon / "i18n" / "ru.po"))
    for entry in russian.translated_entries():
        for placeholder in ("%s", "%d", "%(", "{"):
            assert entry.msgid.count(placeholder) == entry.msgstr.count(placeholder), (
                entry.msgid
            )
